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

/// <summary>One worker's streams and encoder; the batch is reused from request to request.</summary>
public sealed class LogsPayloadSource(LogStreamSet streams, LogsEncoding encoding) : IPayloadSource
{
    private readonly LogBatch _batch = new();
    private readonly LokiPushJsonWriter _json = new();

    public ReadOnlyMemory<byte> Next(int items)
    {
        _batch.Clear();
        streams.Fill(_batch, items, UnixTime.NowNanos());
        return encoding == LogsEncoding.LokiJson ? _json.Write(_batch) : OtlpLogsProtobufWriter.Write(_batch);
    }
}
