using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Orrery.Api.Metrics;

/// <summary>
/// Collects every instrument of Orrery's meters (names starting with <c>Orrery</c>) through a
/// <see cref="MeterListener"/> and serves them on <c>/metrics</c> in the Prometheus text format,
/// or in OpenMetrics (with exemplars) when the scraper asks for it. Counters become
/// <c>_total</c> counters, histograms get cumulative buckets, observable gauges are read at
/// scrape time.
/// </summary>
/// <remarks>
/// Measurements arrive per request or per batch, never per span, so one small lock per series
/// and a label string per measurement are cheap enough and keep this obviously correct.
/// </remarks>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>The text format's content type (kept for callers that predate negotiation).</summary>
    public const string ContentType = ExpositionNegotiation.TextContentType;

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

    /// <summary>Renders the current value of every series in the text format.</summary>
    public string Scrape() => Scrape(ExpositionFormat.Text);

    /// <summary>Renders the current value of every series in <paramref name="format"/>.</summary>
    public string Scrape(ExpositionFormat format)
    {
        var writer = new ExpositionWriter(format);
        lock (_scrapeLock)
        {
            _listener.RecordObservableInstruments();
            foreach (var series in _instruments.Values.OrderBy(s => s.Name, StringComparer.Ordinal)) series.WriteTo(writer);
        }
        return writer.ToString();
    }

    /// <summary>Answers a scrape: the format its <c>Accept</c> header prefers, with the matching content type.</summary>
    public Task WriteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var format = ExpositionNegotiation.Negotiate(context.Request.Headers.Accept.ToString());
        context.Response.ContentType = ExpositionNegotiation.ContentType(format);
        context.Response.Headers.Vary = "Accept";
        return context.Response.WriteAsync(Scrape(format), context.RequestAborted);
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!_instruments.TryGetValue(instrument, out var series)) return;
        // The callback runs on the recording thread, so Activity.Current is the trace the measurement belongs to.
        series.Record(value, Labels(tags), series.IsHistogram ? Exemplar.Capture(value) : null);
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
                switch (c)
                {
                    case '\\': text.Append("\\\\"); break;
                    case '"': text.Append("\\\""); break;
                    case '\n': text.Append("\\n"); break;
                    default: text.Append(c); break;
                }
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
}
