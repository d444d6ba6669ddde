using Orrery.Signals;
using Orrery.Signals.Logs;

namespace Orrery.Pipeline.Tests.Sampling;

internal static class TestLogs
{
    /// <summary>One stream (<c>service_name</c>) with one record per (line, trace) pair; a default trace id means none.</summary>
    public static LogBatch Batch(params (string Line, TraceId Trace)[] records)
    {
        var b = new LogBatch();
        b.BeginStream();
        b.AddStreamLabel("service_name", "svc");
        var stream = b.EndStream(out _);
        foreach (var (line, trace) in records)
        {
            var start = b.Metadata.Count;
            if (!trace.IsEmpty) b.AddMetadata("trace_id", trace.ToHex());
            b.Records.Add(new LogRecordRow
            {
                Stream = stream,
                TimestampNs = 1,
                Line = b.Bytes.Append(line),
                TraceId = trace,
                Metadata = new RowRange(start, b.Metadata.Count - start),
            });
        }
        return b;
    }
}
