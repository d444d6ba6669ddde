using System.Text;
using Orrery.Signals;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Otlp.Metrics;

/// <summary>
/// Turns OTLP delta sums and histograms into the cumulative series Prometheus stores, keeping a
/// running total per (tenant, series). Shared by all requests (thread-safe).
/// </summary>
/// <remarks>
/// <para>Consecutive delta points tile time: a point's start time is the previous point's time.
/// A point whose start is later than that (the sender restarted, or lost a point) starts the
/// total over, which Prometheus sees as a counter reset; a point not newer than the last one is
/// out of order and refused, since adding it would count it twice.</para>
/// <para>Memory is bounded: series not seen for <see cref="IdleTimeout"/> are forgotten, and at
/// most <see cref="MaxSeries"/> are tracked (new ones are refused beyond that).</para>
/// </remarks>
public sealed partial class DeltaToCumulative
{
    /// <summary>
    /// 10 minutes: longer than any sane export interval (the SDK default is 60 s), so a live
    /// series is never forgotten, yet short enough that churned series release memory soon.
    /// </summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// 200k series: a tracked sum costs about 200 bytes (state, key, dictionary entry), so the
    /// cap is about 40 MB for sums, more for histograms; far above what delta senders produce
    /// on one node (delta temporality is rare in Prometheus-bound pipelines).
    /// </summary>
    public const int DefaultMaxSeries = 200_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, State> _series = new(StringComparer.Ordinal);
    private readonly Dictionary<string, State>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly TimeProvider _time;
    private long _lastSweep;

    public DeltaToCumulative(TimeProvider? time = null, TimeSpan? idleTimeout = null, int maxSeries = DefaultMaxSeries)
    {
        _time = time ?? TimeProvider.System;
        IdleTimeout = idleTimeout ?? DefaultIdleTimeout;
        MaxSeries = maxSeries;
        _lookup = _series.GetAlternateLookup<ReadOnlySpan<char>>();
        _lastSweep = _time.GetTimestamp();
    }

    public TimeSpan IdleTimeout { get; }

    public int MaxSeries { get; }

    public int SeriesCount
    {
        get
        {
            lock (_lock) return _series.Count;
        }
    }

    /// <summary>Adds a delta sum; <paramref name="total"/> is the running total to store.</summary>
    public DeltaOutcome AddSum(ReadOnlySpan<char> key, long startUnixNano, long timeUnixNano, double delta, out double total)
    {
        lock (_lock)
        {
            var outcome = Advance(key, startUnixNano, timeUnixNano, out var state);
            total = 0;
            if (outcome is DeltaOutcome.OutOfOrder or DeltaOutcome.Full) return outcome;
            state!.Sum = outcome == DeltaOutcome.Started ? delta : state.Sum + delta;
            total = state.Sum;
            return outcome;
        }
    }

    /// <summary>
    /// Adds a delta explicit-bucket histogram. <paramref name="counts"/>, <paramref name="count"/>
    /// and <paramref name="sum"/> hold the delta on entry and the running totals on return. A
    /// change of bucket bounds starts the total over.
    /// </summary>
    public DeltaOutcome AddHistogram(ReadOnlySpan<char> key, long startUnixNano, long timeUnixNano, ReadOnlySpan<double> bounds, Span<ulong> counts, ref ulong count, ref double sum)
    {
        lock (_lock)
        {
            var outcome = Advance(key, startUnixNano, timeUnixNano, out var state);
            if (outcome is DeltaOutcome.OutOfOrder or DeltaOutcome.Full) return outcome;
            if (outcome == DeltaOutcome.Accumulated && (state!.Bounds is null || !bounds.SequenceEqual(state.Bounds) || state.Counts!.Length != counts.Length))
                outcome = DeltaOutcome.Started;
            if (outcome == DeltaOutcome.Started)
            {
                state!.Bounds = bounds.ToArray();
                state.Counts = counts.ToArray();
                state.Count = count;
                state.Sum = sum;
                return outcome;
            }
            for (var i = 0; i < counts.Length; i++)
            {
                state!.Counts![i] += counts[i];
                counts[i] = state.Counts[i];
            }
            state!.Count += count;
            state.Sum += sum;
            count = state.Count;
            sum = state.Sum;
            return outcome;
        }
    }

    /// <summary>
    /// Adds a delta native histogram that is the last one appended to <paramref name="batch"/>
    /// (its buckets end the batch's bucket tables): its counts, sum and buckets are rewritten in
    /// place as the running totals. Histograms of different schemas merge at the coarser one.
    /// </summary>
    public DeltaOutcome AddNativeHistogram(ReadOnlySpan<char> key, long startUnixNano, long timeUnixNano, MetricBatch batch, ref HistogramRow row)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_lock)
        {
            var outcome = Advance(key, startUnixNano, timeUnixNano, out var state);
            if (outcome is DeltaOutcome.OutOfOrder or DeltaOutcome.Full) return outcome;
            var native = state!.Native ??= new NativeState();
            if (outcome == DeltaOutcome.Started) native.Reset(row.Schema);
            native.Add(batch, ref row);
            native.Write(batch, ref row);
            return outcome;
        }
    }

    /// <summary>
    /// The identity of a series for this converter: tenant and label set, written into
    /// <paramref name="buffer"/> (grown as needed). Returns the length used.
    /// </summary>
    public static int WriteKey(string tenant, MetricBatch batch, int series, ref char[] buffer)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(batch);
        var labels = batch.LabelsOf(series);
        var bytes = tenant.Length + 1;
        foreach (ref readonly var label in labels) bytes += label.Name.Length + label.Value.Length + 2;
        if (buffer.Length < bytes) buffer = new char[Math.Max(bytes, buffer.Length * 2)];
        var n = 0;
        tenant.CopyTo(buffer);
        n += tenant.Length;
        buffer[n++] = '\u0001';
        foreach (ref readonly var label in labels)
        {
            // UTF-8 never decodes to more chars than it has bytes.
            n += Encoding.UTF8.GetChars(batch.Utf8(label.Name), buffer.AsSpan(n));
            buffer[n++] = '\u0002';
            n += Encoding.UTF8.GetChars(batch.Utf8(label.Value), buffer.AsSpan(n));
            buffer[n++] = '\u0003';
        }
        return n;
    }

    private DeltaOutcome Advance(ReadOnlySpan<char> key, long start, long time, out State? state)
    {
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(_lastSweep, now) >= IdleTimeout / 10) Sweep(now);
        if (!_lookup.TryGetValue(key, out state))
        {
            if (_series.Count >= MaxSeries) return DeltaOutcome.Full;
            state = new State { Start = start, Last = time, LastSeen = now };
            _lookup[key] = state;
            return DeltaOutcome.Started;
        }
        state.LastSeen = now;
        if (time <= state.Last) return DeltaOutcome.OutOfOrder;
        // A start before the last point's time overlaps what was already counted.
        if (start != 0 && start < state.Last) return DeltaOutcome.OutOfOrder;
        // An unset start time (0) cannot show a gap: treat the point as the next one.
        var outcome = start != 0 && start > state.Last ? DeltaOutcome.Started : DeltaOutcome.Accumulated;
        if (outcome == DeltaOutcome.Started) state.Start = start;
        state.Last = time;
        return outcome;
    }

    private void Sweep(long now)
    {
        _lastSweep = now;
        List<string>? idle = null;
        foreach (var (key, state) in _series)
        {
            if (_time.GetElapsedTime(state.LastSeen, now) >= IdleTimeout) (idle ??= []).Add(key);
        }
        if (idle is null) return;
        foreach (var key in idle) _series.Remove(key);
    }

    private sealed class State
    {
        public long Start;
        public long Last;
        public long LastSeen;
        public double Sum;
        public ulong Count;
        public double[]? Bounds;
        public ulong[]? Counts;
        public NativeState? Native;
    }
}
