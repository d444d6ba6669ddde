using Orrery.Generate.Metrics;
using Orrery.Signals.Metrics;

namespace Orrery.HeadMemory;

/// <summary>
/// The load <c>orrery gen metrics</c> sends (one worker's <see cref="SeriesSet"/>: gauges,
/// counters and classic histograms grouped into targets, ±5 ms jitter), as batches of
/// <see cref="BatchSamples"/> samples, round after round, ending just before now.
/// </summary>
internal sealed class GeneratedLoad(int series, int rounds)
{
    public const int BatchSamples = 2000;
    private const long IntervalMs = 15_000;

    public int Series { get; } = series;

    public int Rounds { get; } = rounds;

    public long Samples => (long)Series * Rounds;

    /// <summary>Fills <paramref name="batch"/> with each next batch in turn (cleared first) and hands it to <paramref name="consume"/>.</summary>
    public Task ForEachBatchAsync(Func<MetricBatch, ValueTask> consume) => ForEachBatchAsync(consume, worker: 0, workers: 1);

    /// <summary>
    /// One of <paramref name="workers"/> workers' share (as <c>orrery gen metrics --workers</c>
    /// splits the series: its own host name and unit ids), batch after batch.
    /// </summary>
    public async Task ForEachBatchAsync(Func<MetricBatch, ValueTask> consume, int worker, int workers)
    {
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - ((Rounds + 1) * IntervalMs);
        var share = (Series / workers) + (worker < Series % workers ? 1 : 0);
        var set = new SeriesSet(share, churn: 0, "orrery-gen-" + worker, firstUnitId: worker * 10_000_000, seed: 42 + worker, new SimulatedTime(start, IntervalMs, 5));
        var batch = new MetricBatch();
        for (long left = (long)share * Rounds; left > 0;)
        {
            var n = (int)Math.Min(BatchSamples, left);
            batch.Clear();
            set.Fill(batch, n, 0);
            await consume(batch).ConfigureAwait(false);
            left -= n;
        }
    }
}
