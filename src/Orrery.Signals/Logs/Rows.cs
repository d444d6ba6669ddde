using Orrery.Signals.Labels;

namespace Orrery.Signals.Logs;

/// <summary>A log stream: its index labels, a range of <see cref="LogBatch.StreamLabels"/> sorted by name.</summary>
public struct LogStreamRow
{
    public RowRange Labels;
}

/// <summary>
/// One log line in Loki's model: a stream, a timestamp, the line, and structured metadata
/// (name/value strings LogQL filters on without them being index labels).
/// </summary>
/// <remarks>
/// When the record belongs to a span, <see cref="TraceId"/> and <see cref="SpanId"/> hold its
/// ids (for the trace → logs index) and the metadata also holds them as lower-case hex under
/// <c>trace_id</c> and <c>span_id</c>, which is what LogQL sees; the store may keep one copy.
/// </remarks>
public struct LogRecordRow
{
    /// <summary>Index into <see cref="LogBatch.Streams"/>.</summary>
    public int Stream;
    /// <summary>Nanoseconds since the Unix epoch, as Loki counts time.</summary>
    public long TimestampNs;
    public Utf8Ref Line;
    /// <summary>Range of <see cref="LogBatch.Metadata"/>.</summary>
    public RowRange Metadata;
    public TraceId TraceId;
    public SpanId SpanId;
    /// <summary>OTLP severity number (1–24; 0 unspecified), kept for pipeline filters.</summary>
    public byte SeverityNumber;
}
