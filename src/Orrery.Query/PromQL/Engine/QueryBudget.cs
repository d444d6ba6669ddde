using System.Diagnostics;

namespace Orrery.Query.PromQL.Engine;

/// <summary>
/// The limits of one query: samples held at once (Prometheus's <c>currentSamples</c> against
/// <c>--query.max-samples</c>), the deadline and cancellation. Loops call <see cref="Tick"/>
/// often; the clock is read only every <see cref="CheckEvery"/> ticks so the check stays cheap.
/// </summary>
internal sealed class QueryBudget
{
    // 256 ticks is at most a few hundred series or steps between clock reads: well under a millisecond of work.
    private const int CheckEvery = 256;

    private readonly long _maxSamples;
    private readonly TimeSpan _timeout;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationToken _cancellation;
    private long _current;
    private int _ticks;

    public QueryBudget(long maxSamples, TimeSpan timeout, CancellationToken cancellation, PromQLStats stats)
    {
        _maxSamples = maxSamples;
        _timeout = timeout;
        _cancellation = cancellation;
        Stats = stats;
    }

    public PromQLStats Stats { get; }

    public long Current => _current;

    public TimeSpan Remaining => _timeout - _clock.Elapsed;

    /// <summary>Counts <paramref name="samples"/> more samples held; throws when that passes the limit.</summary>
    public void Hold(long samples)
    {
        _current += samples;
        if (_current > _maxSamples) throw PromErrors.TooManySamples();
        if (_current > Stats.PeakSamples) Stats.PeakSamples = _current;
    }

    public void Release(long samples) => _current -= samples;

    /// <summary>Counts samples read from storage (the query's <c>totalQueryableSamples</c>).</summary>
    public void Read(long samples) => Stats.TotalQueryableSamples += samples;

    public void Tick()
    {
        if (++_ticks < CheckEvery) return;
        _ticks = 0;
        CheckNow();
    }

    public void CheckNow()
    {
        if (_cancellation.IsCancellationRequested) throw PromErrors.Canceled();
        if (_clock.Elapsed > _timeout) throw PromErrors.Timeout();
    }
}
