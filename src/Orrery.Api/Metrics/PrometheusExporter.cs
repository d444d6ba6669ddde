using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Orrery.Api.Metrics;

/// <summary>
/// Collects every instrument of Orrery's meters (names starting with <c>Orrery</c>) through a
/// <see cref="MeterListener"/> and renders them in the Prometheus text exposition format for
/// <c>/metrics</c>. Counters become <c>_total</c> counters, histograms get cumulative buckets,
/// observable gauges are read at scrape time.
/// </summary>
/// <remarks>
/// Measurements arrive per request or per batch, never per span, so one small lock per series
/// and a label string per measurement are cheap enough and keep this obviously correct.
/// </remarks>
public sealed class PrometheusExporter : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Prometheus client defaults, in seconds; request latencies are the only histograms.</summary>
    private static readonly double[] DefaultBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _instruments = new();
    private readonly Lock _scrapeLock = new();

    public PrometheusExporter(string meterPrefix = "Orrery")
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!instrument.Meter.Name.StartsWith(meterPrefix, StringComparison.Ordinal)) return;
            _instruments.TryAdd(instrument, new InstrumentSeries(instrument, BucketsOf(instrument)));
            listener.EnableMeasurementEvents(instrument);
        };
        _listener.MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentSeries? _);
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    /// <summary>Renders the current value of every series.</summary>
    public string Scrape()
    {
        var text = new StringBuilder();
        lock (_scrapeLock)
        {
            _listener.RecordObservableInstruments();
            foreach (var series in _instruments.Values.OrderBy(s => s.Name, StringComparer.Ordinal)) series.WriteTo(text);
        }
        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_instruments.TryGetValue(instrument, out var series)) series.Record(value, Labels(tags));
    }

    private static double[]? BucketsOf(Instrument instrument) => instrument switch
    {
        Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray() ?? DefaultBuckets,
        Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray() ?? DefaultBuckets,
        _ => null,
    };

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty) return string.Empty;
        var sorted = tags.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var text = new StringBuilder();
        foreach (var (key, value) in sorted)
        {
            text.Append(text.Length == 0 ? '{' : ',').Append(SanitizeName(key)).Append("=\"");
            foreach (var c in Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty)
            {
                text.Append(c switch { '\\' => "\\\\", '"' => "\\\"", '\n' => "\\n", _ => c.ToString() });
            }
            text.Append('"');
        }
        return text.Append('}').ToString();
    }

    internal static string SanitizeName(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] != '_' && chars[i] != ':') chars[i] = '_';
        }
        return new string(chars);
    }

    /// <summary>All series of one instrument, keyed by their rendered label set.</summary>
    private sealed class InstrumentSeries(Instrument instrument, double[]? buckets)
    {
        private readonly Dictionary<string, double[]> _values = new(StringComparer.Ordinal);
        private readonly bool _isCounter = instrument is Counter<long> or Counter<double> or Counter<int>
            or ObservableCounter<long> or ObservableCounter<double> or ObservableCounter<int>;

        public string Name { get; } = SanitizeName(instrument.Name);

        public void Record(double value, string labels)
        {
            lock (_values)
            {
                if (!_values.TryGetValue(labels, out var state))
                {
                    // Histogram state: one count per bucket, +Inf, sum, count. Others: one value.
                    state = new double[buckets is null ? 1 : buckets.Length + 3];
                    _values.Add(labels, state);
                }
                if (buckets is null)
                {
                    // Observable instruments report the current (or cumulative) value: keep the last.
                    state[0] = instrument.IsObservable ? value : state[0] + value;
                    return;
                }
                var bucket = Array.BinarySearch(buckets, value);
                bucket = bucket >= 0 ? bucket : ~bucket;
                state[bucket]++;
                state[^2] += value;
                state[^1]++;
            }
        }

        public void WriteTo(StringBuilder text)
        {
            var type = buckets is not null ? "histogram" : _isCounter ? "counter" : "gauge";
            var name = _isCounter && !Name.EndsWith("_total", StringComparison.Ordinal) ? Name + "_total" : Name;
            var baseName = _isCounter ? name[..^"_total".Length] : name;
            text.Append("# HELP ").Append(baseName).Append(' ').Append(instrument.Description ?? string.Empty).Append('\n');
            text.Append("# TYPE ").Append(baseName).Append(' ').Append(type).Append('\n');
            lock (_values)
            {
                foreach (var (labels, state) in _values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (buckets is null)
                    {
                        Sample(text, name, labels, state[0]);
                        continue;
                    }
                    double cumulative = 0;
                    for (var i = 0; i <= buckets.Length; i++)
                    {
                        cumulative += state[i];
                        var le = i < buckets.Length ? buckets[i].ToString("R", CultureInfo.InvariantCulture) : "+Inf";
                        Sample(text, name + "_bucket", WithLabel(labels, "le", le), cumulative);
                    }
                    Sample(text, name + "_sum", labels, state[^2]);
                    Sample(text, name + "_count", labels, state[^1]);
                }
            }
        }

        private static string WithLabel(string labels, string key, string value) =>
            labels.Length == 0 ? $"{{{key}=\"{value}\"}}" : $"{labels[..^1]},{key}=\"{value}\"}}";

        private static void Sample(StringBuilder text, string name, string labels, double value) =>
            text.Append(name).Append(labels).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }
}
