using Orrery.Signals.Metrics;

namespace Orrery.Generate.Metrics;

/// <summary>
/// One worker's share of the series, as units of one family each: gauges and counters (one
/// series) and classic histograms (8 series: 6 buckets, sum, count), in the repeating pattern
/// gauge, counter, histogram, with gauges filling what a histogram would overrun. Samples come
/// round by round: every series once per round, all at the round's timestamp, which only grows.
/// After each round the next <see cref="MetricsShapeOptions.Churn"/> share of units is replaced by
/// new series (a new <c>series_id</c>, values from zero), as pods replaced by a rollout would be.
/// </summary>
public sealed class SeriesSet
{
    public const string GaugeName = "orrery_gen_gauge";
    public const string CounterName = "orrery_gen_requests_total";
    public const string HistogramName = "orrery_gen_duration_seconds";

    internal const int HistogramSeries = 8;
    private static readonly double[] Bounds = [0.005, 0.025, 0.1, 0.5, 2.5];
    private static readonly string[] BoundLabels = ["0.005", "0.025", "0.1", "0.5", "2.5", "+Inf"];

    private readonly MetricType[] _types;
    private readonly int[] _generations;
    private readonly double[][] _values; // gauge/counter: [value]; histogram: 6 cumulative buckets, sum, count
    private readonly int[] _unitSeries;
    private readonly Random _random;
    private readonly string _instance;
    private readonly int _firstUnitId;
    private readonly double _churn;
    private double _churnCarry;
    private int _churnNext;
    private int _unit;
    private int _seriesInUnit;
    private long _roundMs = long.MinValue;

    /// <param name="firstUnitId">Distinguishes workers' units: series ids are unique over the run.</param>
    public SeriesSet(int series, double churn, string instance, int firstUnitId, int seed)
    {
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
        _instance = instance;
        _firstUnitId = firstUnitId;
        _churn = churn;
        SeriesCount = series;
    }

    public int SeriesCount { get; }

    /// <summary>Series replaced by churn so far.</summary>
    public long Replaced { get; private set; }

    /// <summary>Adds the next <paramref name="samples"/> samples to the batch, one series row each.</summary>
    public void Fill(MetricBatch batch, int samples, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(batch);
        AddMetadata(batch);
        for (var i = 0; i < samples; i++)
        {
            if (_unit == 0 && _seriesInUnit == 0) _roundMs = Math.Max(nowMs, _roundMs + 1);
            if (_seriesInUnit == 0) Advance(_unit);
            AddSample(batch, _unit, _seriesInUnit);
            if (++_seriesInUnit < _unitSeries[_unit]) continue;
            _seriesInUnit = 0;
            if (++_unit < _types.Length) continue;
            _unit = 0;
            Churn();
        }
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
                    values[5]++; // +Inf
                    values[6] += observed;
                    values[7]++;
                }
                break;
        }
    }

    private void AddSample(MetricBatch batch, int unit, int seriesInUnit)
    {
        batch.BeginSeries();
        var type = _types[unit];
        batch.AddLabel("__name__", type switch
        {
            MetricType.Gauge => GaugeName,
            MetricType.Counter => CounterName,
            _ => seriesInUnit < 6 ? HistogramName + "_bucket" : seriesInUnit == 6 ? HistogramName + "_sum" : HistogramName + "_count",
        });
        batch.AddLabel("job", "orrery-gen");
        batch.AddLabel("instance", _instance);
        Span<byte> id = stackalloc byte[24];
        batch.AddLabel("series_id"u8, id[..FormatSeriesId(unit, id)]);
        if (type == MetricType.Histogram && seriesInUnit < 6) batch.AddLabel("le", BoundLabels[seriesInUnit]);
        var series = batch.EndSeries(out _);
        batch.AddSample(series, _roundMs, _values[unit][seriesInUnit]);
    }

    // "<unit id>-<generation>", written as UTF-8 without a string per sample.
    private int FormatSeriesId(int unit, Span<byte> destination)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        (_firstUnitId + unit).TryFormat(destination, out var n, provider: culture);
        destination[n++] = (byte)'-';
        _generations[unit].TryFormat(destination[n..], out var m, provider: culture);
        return n + m;
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

    private static void AddMetadata(MetricBatch batch)
    {
        batch.Metadata.Add(new MetadataRow { MetricFamily = batch.Bytes.Append(GaugeName), Type = MetricType.Gauge, Help = batch.Bytes.Append("A wave with noise from orrery gen.") });
        batch.Metadata.Add(new MetadataRow { MetricFamily = batch.Bytes.Append(CounterName), Type = MetricType.Counter, Help = batch.Bytes.Append("Requests counted by orrery gen.") });
        batch.Metadata.Add(new MetadataRow { MetricFamily = batch.Bytes.Append(HistogramName), Type = MetricType.Histogram, Help = batch.Bytes.Append("Durations observed by orrery gen."), Unit = batch.Bytes.Append("seconds") });
    }
}
