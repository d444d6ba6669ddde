using System.Diagnostics;
using System.Globalization;

namespace Orrery.Generate.Metrics;

/// <summary>
/// When each round of a run was acknowledged by the peer for every worker: the first round is
/// the peer creating every series, the later ones are steady-state ingest, so a benchmark can
/// time them apart from one run (<c>orrery gen metrics --round-times FILE</c>). A round counts
/// once every worker's requests up to and including the one that completed it were acknowledged
/// (one request in flight per worker, so they are acknowledged in order).
/// </summary>
public sealed class RoundClock
{
    private readonly long[] _acknowledgedRounds;
    private readonly Lock _lock = new();
    private readonly List<RoundTime> _rounds = [];
    private long _started;
    private long _acknowledgedSamples;
    private long _allAcknowledged;

    public RoundClock(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        _acknowledgedRounds = new long[workers];
    }

    /// <summary>Starts the clock (the first call wins): when the first request is built.</summary>
    public void Start() => Interlocked.CompareExchange(ref _started, Stopwatch.GetTimestamp(), 0);

    /// <summary>Worker <paramref name="worker"/>'s request of <paramref name="samples"/> samples, which completed its first <paramref name="rounds"/> rounds, was acknowledged.</summary>
    public void Acknowledged(int worker, long rounds, int samples)
    {
        lock (_lock)
        {
            _acknowledgedSamples += samples;
            if (rounds > _acknowledgedRounds[worker]) _acknowledgedRounds[worker] = rounds;
            var all = _acknowledgedRounds.Min();
            if (all <= _allAcknowledged) return;
            var seconds = Stopwatch.GetElapsedTime(Interlocked.Read(ref _started)).TotalSeconds;
            var unixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            for (var r = _allAcknowledged + 1; r <= all; r++) _rounds.Add(new RoundTime(r, seconds, unixMs, _acknowledgedSamples));
            _allAcknowledged = all;
        }
    }

    /// <summary>Rounds acknowledged so far, in order.</summary>
    public IReadOnlyList<RoundTime> Rounds
    {
        get
        {
            lock (_lock) return [.. _rounds];
        }
    }

    /// <summary>Tab-separated: round, seconds since the start, unix ms, samples acknowledged by then (over all rounds), with a header line.</summary>
    public void WriteTo(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("round\tseconds\tunix_ms\tacknowledged_samples");
        foreach (var r in Rounds)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Round}\t{r.Seconds:0.000}\t{r.UnixMs}\t{r.AcknowledgedSamples}"));
        }
    }
}

/// <summary>Round <paramref name="Round"/> (from 1) was acknowledged for every worker <paramref name="Seconds"/> after the start.</summary>
/// <param name="AcknowledgedSamples">Samples acknowledged by then, including those of later rounds sent meanwhile.</param>
public readonly record struct RoundTime(long Round, double Seconds, long UnixMs, long AcknowledgedSamples);
