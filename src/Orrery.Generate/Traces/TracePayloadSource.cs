using Orrery.Generate.ClickHouse;
using Orrery.Generate.Running;
using Orrery.Signals.Otlp;
using Orrery.Signals.Traces;

namespace Orrery.Generate.Traces;

/// <summary>
/// Builds OTLP <c>ExportTraceServiceRequest</c>s (the same layout as TracesData) of a shape preset,
/// for OTLP/gRPC and OTLP/HTTP alike. The batch is reused from request to request. With
/// <paramref name="clickHouseRows"/>, each batch is also written as ClickHouse rows (the same spans).
/// </summary>
public sealed class TracePayloadSource(ITraceShape shape, ClickHouseSpanRows? clickHouseRows = null) : IPayloadSource
{
    private readonly SpanBatch _batch = new();

    public ReadOnlyMemory<byte> Next(int items)
    {
        _batch.Clear();
        shape.Fill(_batch, items, UnixTime.NowNanos());
        clickHouseRows?.Write(_batch);
        return OtlpTraceProtobufWriter.Write(_batch, OtlpTraceMessage.TracesData);
    }
}
