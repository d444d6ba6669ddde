using Orrery.Signals;
using Orrery.Signals.Metrics;

namespace Orrery.Generate.Metrics;

/// <summary>
/// One worker's share of the series, as units of one family each: gauges and counters (one
/// series) and classic histograms (14 series: the 12 buckets of the Prometheus clients' default
/// bounds, sum, count), in the repeating pattern
/// gauge, counter, histogram, with gauges filling what a histogram would overrun. Like real
/// exporters, the units are grouped into targets (<c>instance</c> <c>orrery-gen-W:9100</c>,
/// <c>:9101</c>…) of <see cref="UnitsPerTarget"/> units, about 1,600 series: 10 metric families
/// (the first named <see cref="GaugeName"/>, <see cref="CounterName"/>, <see cref="HistogramName"/>,
/// the others with a word inserted, e.g. <c>orrery_gen_http_requests_total</c>) of 10 units of
/// each type. Samples come round by round: every series once per round, all at the round's
/// timestamp, which only grows; with <see cref="SimulatedTime"/> each target has its own jittered
/// timestamp per round instead. After each round the next <see cref="MetricsShapeOptions.Churn"/>
/// share of units is replaced by new series (a new <c>series_id</c>, values from zero), as pods
/// replaced by a rollout would be.
/// </summary>
public sealed class SeriesSet
{
    public const string GaugeName = "orrery_gen_gauge";
    public const string CounterName = "orrery_gen_requests_total";
    public const string HistogramName = "orrery_gen_duration_seconds";

    internal const int HistogramSeries = 14;
    /// <summary>Units of one type in a family of a target (so 3 × this units a family).</summary>
    internal const int UnitsPerFamily = 10;
    internal const int UnitsPerTarget = 3 * UnitsPerFamily * 10;
    private static readonly string[] FamilyWords = ["", "http_", "rpc_", "db_", "cache_", "queue_", "disk_", "net_", "cpu_", "gc_"];
    // Per family, by SeriesKind: gauge, counter, bucket, sum, count; then the histogram family name (metadata).
    internal static readonly string[][] FamilyNames = [.. FamilyWords.Select(w => new[]
    {
        "orrery_gen_" + w + "gauge", "orrery_gen_" + w + "requests_total",
        "orrery_gen_" + w + "duration_seconds_bucket", "orrery_gen_" + w + "duration_seconds_sum", "orrery_gen_" + w + "duration_seconds_count",
        "orrery_gen_" + w + "duration_seconds",
    })];
    // The Prometheus client libraries' default buckets (DefBuckets).
    private static readonly double[] Bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private const int InfBucket = 11, SumSeries = 12, CountSeries = 13;
    internal const int HistogramFamilyName = 5;
    internal static readonly string[] BoundLabels = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"];

    private readonly MetricType[] _types;
    private readonly int[] _generations;
    private readonly double[][] _values; // gauge/counter: [value]; histogram: 12 cumulative buckets, sum, count
    private readonly int[] _unitSeries;
    private readonly Random _random;
    private readonly byte[][] _instances;
    private readonly int _firstUnitId;
    private readonly SimulatedTime? _time;
    private readonly double _churn;
    private double _churnCarry;
    private int _churnNext;
    private int _unit;
    private int _seriesInUnit;
    private int _positionInRound;
    private long _roundMs = long.MinValue;

    // The batch's copies of the names and values every sample repeats, appended once per Fill:
    // labels then point at them instead of encoding and copying strings for every sample.
    private readonly Utf8Ref[][] _names = [.. FamilyNames.Select(f => new Utf8Ref[f.Length])];
    private readonly Utf8Ref[] _buckets = new Utf8Ref[BoundLabels.Length];
    private Utf8Ref[] _targets = [];
    private Utf8Ref _nameLabel, _jobLabel, _job, _instanceLabel, _leLabel, _seriesIdLabel;

    /// <param name="instance">The worker's host name; targets add a port to it.</param>
    /// <param name="firstUnitId">Distinguishes workers' units: series ids are unique over the run.</param>
    /// <param name="time">Simulated timestamps; null stamps each round with the clock.</param>
    public SeriesSet(int series, double churn, string instance, int firstUnitId, int seed, SimulatedTime? time = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        time?.Validate();
        if (series < 1) throw new ArgumentOutOfRangeException(nameof(series), series, "at least one series");
        var types = new List<MetricType>();
        for (var left = series; left > 0;)
        {
            var next = (types.Count % 3) switch
            {
                0 => MetricType.Gauge,
                1 => MetricType.Counter,
                _ => left >= HistogramSeries ? MetricType.Histogram : MetricType.Gauge,
            };
            types.Add(next);
            left -= next == MetricType.Histogram ? HistogramSeries : 1;
        }
        _types = [.. types];
        _unitSeries = [.. _types.Select(t => t == MetricType.Histogram ? HistogramSeries : 1)];
        _generations = new int[_types.Length];
        _values = [.. _types.Select(t => new double[t == MetricType.Histogram ? HistogramSeries : 1])];
        _random = new Random(seed);
        _instances = [.. Enumerable.Range(0, ((_types.Length - 1) / UnitsPerTarget) + 1)
            .Select(t => System.Text.Encoding.UTF8.GetBytes(instance + ":" + (9100 + t).ToString(System.Globalization.CultureInfo.InvariantCulture)))];
        _firstUnitId = firstUnitId;
        _time = time;
        _churn = churn;
        SeriesCount = series;
    }

    public int SeriesCount { get; }

    /// <summary>Series replaced by churn so far.</summary>
    public long Replaced { get; private set; }

    /// <summary>Rounds whose every sample has been generated.</summary>
    public long CompletedRounds { get; private set; }

    /// <summary>The round the last of the next <paramref name="samples"/> samples will belong to.</summary>
    public long LastRoundOf(int samples) => CompletedRounds + ((_positionInRound + Math.Max(1, samples) - 1) / SeriesCount);

    /// <summary>Adds the next <paramref name="samples"/> samples to the batch, one series row each.</summary>
    public void Fill(MetricBatch batch, int samples, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(batch);
        AddMetadata(batch);
        Intern(batch);
        for (var i = 0; i < samples; i++) AddSample(batch, Next(nowMs));
    }

    /// <summary>
    /// Steps to the next sample: which series (by its parts, so a writer can render its labels
    /// from pieces prepared once) with its timestamp and value. <see cref="Fill"/> and
    /// <see cref="RemoteWriteSeriesWriter"/> both draw samples through here, so they send the same load.
    /// </summary>
    internal GeneratedSample Next(long nowMs)
    {
        if (_unit == 0 && _seriesInUnit == 0) _roundMs = _time is null ? Math.Max(nowMs, _roundMs + 1) : _time.TimestampOf(CompletedRounds, 0);
        if (_seriesInUnit == 0) Advance(_unit);
        var sample = Describe(_unit, _seriesInUnit);
        _positionInRound++;
        if (++_seriesInUnit < _unitSeries[_unit]) return sample;
        _seriesInUnit = 0;
        if (++_unit < _types.Length) return sample;
        _unit = 0;
        _positionInRound = 0;
        CompletedRounds++;
        Churn();
        return sample;
    }

    /// <summary>Targets (distinct <c>instance</c> values) of this worker.</summary>
    internal int TargetCount => _instances.Length;

    /// <summary>Target <paramref name="target"/>'s <c>instance</c> value, UTF-8.</summary>
    internal ReadOnlySpan<byte> Instance(int target) => _instances[target];

    /// <summary>Metric families in use (fewer than all ten at small series counts).</summary>
    internal int FamiliesInUse => Math.Min(FamilyNames.Length, ((_types.Length - 1) / (3 * UnitsPerFamily)) + 1);

    private GeneratedSample Describe(int unit, int seriesInUnit)
    {
        var target = unit / UnitsPerTarget;
        var kind = _types[unit] switch
        {
            MetricType.Gauge => SeriesKind.Gauge,
            MetricType.Counter => SeriesKind.Counter,
            _ => seriesInUnit <= InfBucket ? SeriesKind.Bucket : seriesInUnit == SumSeries ? SeriesKind.Sum : SeriesKind.Count,
        };
        var timestamp = _time is null ? _roundMs : _time.TimestampOf(CompletedRounds, _firstUnitId + target);
        return new GeneratedSample(kind, unit % UnitsPerTarget / (3 * UnitsPerFamily), target, kind == SeriesKind.Bucket ? seriesInUnit : -1,
            _firstUnitId + unit, _generations[unit], timestamp, _values[unit][seriesInUnit]);
    }

    private void Advance(int unit)
    {
        var values = _values[unit];
        switch (_types[unit])
        {
            case MetricType.Gauge:
                values[0] = Math.Round(50 + 40 * Math.Sin(_roundMs / 60_000.0 + unit) + _random.NextDouble(), 3);
                break;
            case MetricType.Counter:
                values[0] += _random.Next(1, 20);
                break;
            default:
                // A few observations per round, log-uniform over 1 ms to 10 s.
                for (var n = _random.Next(1, 6); n > 0; n--)
                {
                    var observed = Math.Pow(10, -3 + 4 * _random.NextDouble());
                    for (var b = 0; b < Bounds.Length; b++)
                    {
                        if (observed <= Bounds[b]) values[b]++;
                    }
                    values[InfBucket]++;
                    values[SumSeries] += observed;
                    values[CountSeries]++;
                }
                break;
        }
    }

    private void AddSample(MetricBatch batch, in GeneratedSample sample)
    {
        batch.BeginSeries();
        // Added in label-name order, so putting them in canonical order costs nothing.
        batch.AddLabel(_nameLabel, _names[sample.Family][(int)sample.Kind]);
        batch.AddLabel(_instanceLabel, _targets[sample.Target]);
        batch.AddLabel(_jobLabel, _job);
        if (sample.Bucket >= 0) batch.AddLabel(_leLabel, _buckets[sample.Bucket]);
        Span<byte> id = stackalloc byte[GeneratedSample.MaxSeriesIdBytes];
        batch.AddLabel(_seriesIdLabel, batch.Bytes.Append(id[..sample.FormatSeriesId(id)]));
        var series = batch.EndSeries(out _);
        batch.AddSample(series, sample.TimestampMs, sample.Value);
    }

    private void Churn()
    {
        _churnCarry += _churn * _types.Length;
        while (_churnCarry >= 1)
        {
            _churnCarry--;
            _generations[_churnNext]++;
            Array.Clear(_values[_churnNext]);
            Replaced += _unitSeries[_churnNext];
            _churnNext = (_churnNext + 1) % _types.Length;
        }
    }

    private void Intern(MetricBatch batch)
    {
        var bytes = batch.Bytes;
        for (var f = 0; f < FamilyNames.Length; f++)
        {
            for (var n = 0; n < FamilyNames[f].Length; n++) _names[f][n] = bytes.Append(FamilyNames[f][n]);
        }
        for (var b = 0; b < BoundLabels.Length; b++) _buckets[b] = bytes.Append(BoundLabels[b]);
        if (_targets.Length != _instances.Length) _targets = new Utf8Ref[_instances.Length];
        for (var t = 0; t < _instances.Length; t++) _targets[t] = bytes.Append(_instances[t]);
        _nameLabel = bytes.Append("__name__"u8);
        _instanceLabel = bytes.Append("instance"u8);
        _jobLabel = bytes.Append("job"u8);
        _job = bytes.Append("orrery-gen"u8);
        _leLabel = bytes.Append("le"u8);
        _seriesIdLabel = bytes.Append("series_id"u8);
    }

    /// <summary>The metadata of the families in use (sent with every request, as the batch path does).</summary>
    internal void AddMetadata(MetricBatch batch)
    {
        foreach (var names in FamilyNames.AsSpan(0, FamiliesInUse))
        {
            batch.Metadata.Add(new MetadataRow { MetricFamily = batch.Bytes.Append(names[0]), Type = MetricType.Gauge, Help = batch.Bytes.Append("A wave with noise from orrery gen.") });
            batch.Metadata.Add(new MetadataRow { MetricFamily = batch.Bytes.Append(names[1]), Type = MetricType.Counter, Help = batch.Bytes.Append("Requests counted by orrery gen.") });
            batch.Metadata.Add(new MetadataRow { MetricFamily = batch.Bytes.Append(names[HistogramFamilyName]), Type = MetricType.Histogram, Help = batch.Bytes.Append("Durations observed by orrery gen."), Unit = batch.Bytes.Append("seconds") });
        }
    }
}
