using Orrery.Signals.Metrics;

namespace Orrery.Receive.RemoteWrite;

/// <summary>
/// Sizes a request's <see cref="MetricBatch"/> from the requests before it: rows per decoded
/// byte, as the last request had them, times this request's decoded length. A sender's requests
/// look alike (the same series, 2,000 samples each for Prometheus), so the batch's lists are
/// allocated once at about the right size instead of doubling from small ones (which allocated
/// ~2× the final size, in large-object-heap arrays, every request).
/// </summary>
/// <remarks>
/// Sizes the batches the handler's pool does not have yet (a consumer that keeps a batch never
/// gives it back). Shared by concurrent requests without a lock: a torn or stale ratio only
/// misjudges one batch's size.
/// </remarks>
internal sealed class RemoteWriteBatchSizing
{
    /// <summary>Headroom over the last request's density, so a slightly denser request does not regrow.</summary>
    private const double Slack = 1.125;

    private double _seriesPerByte;
    private double _labelsPerByte;
    private double _samplesPerByte;

    /// <summary>A batch for a payload of <paramref name="decodedLength"/> bytes that will lie in its arena.</summary>
    public MetricBatch Create(int decodedLength)
    {
        var scale = decodedLength * Slack;
        return new MetricBatch(
            series: Rows(_seriesPerByte * scale, 64),
            labels: Rows(_labelsPerByte * scale, 512),
            samples: Rows(_samplesPerByte * scale, 256),
            bytes: decodedLength);
    }

    /// <summary>Learns the density of a decoded request.</summary>
    public void Observe(MetricBatch batch, int decodedLength)
    {
        if (decodedLength <= 0) return;
        _seriesPerByte = batch.Series.Count / (double)decodedLength;
        _labelsPerByte = batch.Labels.Count / (double)decodedLength;
        _samplesPerByte = batch.Samples.Count / (double)decodedLength;
    }

    private static int Rows(double estimate, int unknown) => estimate <= 0 ? unknown : (int)Math.Min(estimate + 4, Array.MaxLength);
}
