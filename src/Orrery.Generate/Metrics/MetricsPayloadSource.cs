using Orrery.Generate.Running;
using Orrery.Signals.Metrics;
using Orrery.Signals.Otlp;

namespace Orrery.Generate.Metrics;

/// <summary>How metric batches go on the wire.</summary>
public enum MetricsEncoding
{
    /// <summary>Prometheus remote write 1.0, snappy-compressed.</summary>
    RemoteWrite,
    /// <summary>OTLP ExportMetricsServiceRequest (for OTLP/gRPC and OTLP/HTTP).</summary>
    Otlp,
}

/// <summary>
/// One worker's series and encoder; the batch is reused from request to request. With a
/// <see cref="RoundPacer"/> (simulated time) the worker keeps within a few rounds of the others.
/// </summary>
public sealed class MetricsPayloadSource(SeriesSet series, MetricsEncoding encoding, RoundPacer? pacer = null, int worker = 0) : IPacedPayloadSource
{
    private readonly MetricBatch _batch = new();

    public SeriesSet Series => series;

    public ValueTask WaitForTurnAsync(int items, CancellationToken cancellationToken)
    {
        if (pacer is null) return ValueTask.CompletedTask;
        var last = series.LastRoundOf(items);
        return pacer.WaitAsync(worker, last, (int)(last - series.CompletedRounds), cancellationToken);
    }

    public void Finished() => pacer?.Finished(worker);

    public ReadOnlyMemory<byte> Next(int items)
    {
        _batch.Clear();
        series.Fill(_batch, items, UnixTime.NowNanos() / 1_000_000);
        pacer?.Completed(worker, series.CompletedRounds);
        return encoding == MetricsEncoding.RemoteWrite
            ? RemoteWriteEncoder.EncodeCompressed(_batch)
            : OtlpMetricsProtobufWriter.Write(_batch);
    }
}
