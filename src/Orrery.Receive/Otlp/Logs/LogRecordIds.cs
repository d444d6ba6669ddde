using Orrery.Signals;

namespace Orrery.Receive.Otlp.Logs;

/// <summary>
/// The id rule both logs readers share: trace_id and span_id are optional on a log record, but
/// when present they must have their full size, since a truncated id would silently link the
/// record to the wrong trace.
/// </summary>
internal static class LogRecordIds
{
    /// <param name="traceIdLength">Bytes decoded, 0 when absent, -1 when the JSON string was neither hex nor base64.</param>
    /// <returns>Why the record cannot be kept, or null.</returns>
    public static string? Check(int traceIdLength, int spanIdLength, bool json)
    {
        var trace = json ? "traceId" : "trace_id";
        var span = json ? "spanId" : "span_id";
        if (traceIdLength < 0) return $"{trace} is not hex";
        if (traceIdLength != 0 && traceIdLength != TraceId.Size) return $"{trace} has {traceIdLength} bytes, want {TraceId.Size} (or none)";
        if (spanIdLength < 0) return $"{span} is not hex";
        if (spanIdLength != 0 && spanIdLength != SpanId.Size) return $"{span} has {spanIdLength} bytes, want {SpanId.Size} (or none)";
        return null;
    }
}
