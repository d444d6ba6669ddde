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
/// One worker's series and encoder. Remote write is written straight from the series set
/// (<see cref="RemoteWriteSeriesWriter"/>); OTLP goes through a batch reused from request to
/// request. With a <see cref="RoundPacer"/> (simulated time) the worker keeps within a few
/// rounds of the others; with a <see cref="RoundClock"/> it reports which rounds were acknowledged.
/// </summary>
public sealed class MetricsPayloadSource : IPacedPayloadSource, IAcknowledgedPayloadSource, IDisposable
{
    private readonly SeriesSet _series;
    private readonly MetricsEncoding _encoding;
    private readonly RoundPacer? _pacer;
    private readonly int _worker;
    private readonly RoundClock? _clock;
    private readonly MetricBatch? _batch;
    private readonly RemoteWriteSeriesWriter? _remoteWrite;
    private long _roundsInFlight;

    public MetricsPayloadSource(SeriesSet series, MetricsEncoding encoding, RoundPacer? pacer = null, int worker = 0, RoundClock? clock = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        _series = series;
        _encoding = encoding;
        _pacer = pacer;
        _worker = worker;
        _clock = clock;
        if (encoding == MetricsEncoding.RemoteWrite) _remoteWrite = new RemoteWriteSeriesWriter(series);
        else _batch = new MetricBatch();
    }

    public SeriesSet Series => _series;

    /// <summary>Its series: a run's samples are split by them, so every worker sends the same rounds.</summary>
    public long Weight => _series.SeriesCount;

    public ValueTask WaitForTurnAsync(int items, CancellationToken cancellationToken)
    {
        if (_pacer is null) return ValueTask.CompletedTask;
        var last = _series.LastRoundOf(items);
        return _pacer.WaitAsync(_worker, last, (int)(last - _series.CompletedRounds), cancellationToken);
    }

    public void Finished() => _pacer?.Finished(_worker);

    public ReadOnlyMemory<byte> Next(int items)
    {
        _clock?.Start();
        var nowMs = UnixTime.NowNanos() / 1_000_000;
        ReadOnlyMemory<byte> body;
        if (_remoteWrite is not null)
        {
            body = _remoteWrite.WriteCompressed(items, nowMs);
        }
        else
        {
            _batch!.Clear();
            _series.Fill(_batch, items, nowMs);
            body = OtlpMetricsProtobufWriter.Write(_batch);
        }
        _roundsInFlight = _series.CompletedRounds;
        _pacer?.Completed(_worker, _roundsInFlight);
        return body;
    }

    public void Acknowledged(int items) => _clock?.Acknowledged(_worker, _roundsInFlight, items);

    public void Dispose() => _remoteWrite?.Dispose();
}
