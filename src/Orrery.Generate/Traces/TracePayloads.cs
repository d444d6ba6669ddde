using Orrery.Signals.Otlp;
using Orrery.Signals.Traces;

namespace Orrery.Generate.Traces;

/// <summary>
/// Trace payloads of a shape preset built in process, as <c>orrery gen traces</c> would send them:
/// OTLP/protobuf <c>ExportTraceServiceRequest</c>s of exactly <c>spansPerRequest</c> spans each.
/// For benchmarks that decode, store or pipe the same realistic data without a sender.
/// </summary>
public static class TracePayloads
{
    /// <summary>Requests until at least <paramref name="totalSpans"/> spans; traces start at <paramref name="startUnixNano"/>.</summary>
    public static List<byte[]> Create(ITraceShape shape, long totalSpans, int spansPerRequest, long startUnixNano)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spansPerRequest);
        var batch = new SpanBatch();
        var payloads = new List<byte[]>();
        for (long spans = 0; spans < totalSpans; spans += spansPerRequest)
        {
            batch.Clear();
            shape.Fill(batch, spansPerRequest, startUnixNano);
            payloads.Add(OtlpTraceProtobufWriter.Write(batch, OtlpTraceMessage.TracesData));
        }
        return payloads;
    }
}
