using Orrery.Generate.ClickHouse;
using Orrery.Generate.Running;
using Orrery.Signals.Logs;
using Orrery.Signals.Otlp;

namespace Orrery.Generate.Logs;

/// <summary>How log batches go on the wire.</summary>
public enum LogsEncoding
{
    /// <summary>Loki push JSON.</summary>
    LokiJson,
    /// <summary>OTLP ExportLogsServiceRequest (for OTLP/gRPC and OTLP/HTTP).</summary>
    Otlp,
}

/// <summary>
/// One worker's streams and encoder; the batch is reused from request to request. With
/// <paramref name="clickHouseRows"/>, each batch is also written as ClickHouse rows (the same lines).
/// </summary>
public sealed class LogsPayloadSource(LogStreamSet streams, LogsEncoding encoding, ClickHouseLogRows? clickHouseRows = null) : IPayloadSource
{
    private readonly LogBatch _batch = new();
    private readonly LokiPushJsonWriter _json = new();

    public ReadOnlyMemory<byte> Next(int items)
    {
        _batch.Clear();
        streams.Fill(_batch, items, UnixTime.NowNanos());
        clickHouseRows?.Write(_batch);
        return encoding == LogsEncoding.LokiJson ? _json.Write(_batch) : OtlpLogsProtobufWriter.Write(_batch);
    }
}
