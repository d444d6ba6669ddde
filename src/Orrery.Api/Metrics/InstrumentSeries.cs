using System.Diagnostics.Metrics;

namespace Orrery.Api.Metrics;

/// <summary>All series of one instrument, keyed by their rendered label set, and how to print them.</summary>
internal sealed class InstrumentSeries
{
    private readonly Instrument _instrument;
    private readonly double[]? _buckets;
    private readonly Dictionary<string, SeriesState> _values = new(StringComparer.Ordinal);
    private readonly bool _isCounter;
    private readonly string? _unit;

    public InstrumentSeries(Instrument instrument, double[]? buckets)
    {
        _instrument = instrument;
        _buckets = buckets;
        _isCounter = instrument is Counter<long> or Counter<double> or Counter<int>
            or ObservableCounter<long> or ObservableCounter<double> or ObservableCounter<int>;
        Name = PrometheusExporter.SanitizeName(instrument.Name);
        _unit = UnitName(instrument.Unit);
    }

    public string Name { get; }

    public bool IsHistogram => _buckets is not null;

    public void Record(double value, string labels, Exemplar? exemplar)
    {
        lock (_values)
        {
            if (!_values.TryGetValue(labels, out var state))
            {
                state = new SeriesState(_buckets is null ? 1 : _buckets.Length + 3, _buckets is null ? 0 : _buckets.Length + 1);
                _values.Add(labels, state);
            }
            var counts = state.Values;
            if (_buckets is null)
            {
                // Observable instruments report the current (or cumulative) value: keep the last.
                counts[0] = _instrument.IsObservable ? value : counts[0] + value;
                return;
            }
            // Histogram state: one count per bucket, +Inf, sum, count; the newest exemplar per bucket.
            var bucket = Array.BinarySearch(_buckets, value);
            bucket = bucket >= 0 ? bucket : ~bucket;
            counts[bucket]++;
            counts[^2] += value;
            counts[^1]++;
            if (exemplar is not null) state.Exemplars[bucket] = exemplar;
        }
    }

    public void WriteTo(ExpositionWriter writer)
    {
        var type = _buckets is not null ? "histogram" : _isCounter ? "counter" : "gauge";
        var sampleName = _isCounter && !Name.EndsWith("_total", StringComparison.Ordinal) ? Name + "_total" : Name;
        // The text format names a counter's family by its sample ("x_total"); OpenMetrics by the name without the suffix.
        var familyName = _isCounter && writer.IsOpenMetrics ? sampleName[..^"_total".Length] : sampleName;
        writer.Family(familyName, type, _unit, _instrument.Description ?? string.Empty);
        lock (_values)
        {
            foreach (var (labels, state) in _values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (_buckets is null)
                {
                    writer.Sample(sampleName, labels, state.Values[0]);
                    continue;
                }
                double cumulative = 0;
                for (var i = 0; i <= _buckets.Length; i++)
                {
                    cumulative += state.Values[i];
                    var le = writer.BucketBound(i < _buckets.Length ? _buckets[i] : double.PositiveInfinity);
                    writer.Sample(sampleName + "_bucket", WithLabel(labels, "le", le), cumulative, state.Exemplars[i]);
                }
                writer.Sample(sampleName + "_sum", labels, state.Values[^2]);
                writer.Sample(sampleName + "_count", labels, state.Values[^1]);
            }
        }
    }

    /// <summary>
    /// The Prometheus unit word for an instrument's UCUM unit (the OpenTelemetry → Prometheus
    /// rules for the common ones); OpenMetrics prints it only when the name ends with it.
    /// </summary>
    private static string? UnitName(string? unit) => unit switch
    {
        null or "" or "1" => null,
        "s" => "seconds",
        "ms" => "milliseconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "By" => "bytes",
        _ when unit.All(c => char.IsAsciiLetterLower(c) || c == '_') => unit,
        _ => null,
    };

    private static string WithLabel(string labels, string key, string value) =>
        labels.Length == 0 ? $"{{{key}=\"{value}\"}}" : $"{labels[..^1]},{key}=\"{value}\"}}";

    private sealed class SeriesState(int values, int buckets)
    {
        public double[] Values { get; } = new double[values];

        public Exemplar?[] Exemplars { get; } = new Exemplar?[buckets];
    }
}
