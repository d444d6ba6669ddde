using Orrery.Receive.Scrape.Config;
using Orrery.Receive.Scrape.Exposition;
using Orrery.Receive.Scrape.Relabel;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Scrape;

/// <summary>
/// The state one target's scrapes share, as Prometheus's scrape cache: the final series of each
/// series text seen (after target labels and metric relabeling, computed once), and the series
/// of the previous scrape, so a series that is missing now gets a stale marker.
/// </summary>
/// <remarks>
/// In the steady state a sample costs one dictionary probe with the line's series text and a
/// blob copy into the batch: no strings and no relabeling. The cache of series texts is dropped
/// when the job's settings change (relabel rules, honor_labels); the staleness state is kept.
/// Not thread-safe: one loop owns it.
/// </remarks>
internal sealed class ScrapeCache(LabelSet targetLabels)
{
    public static readonly string[] ReportNames =
    [
        "up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added",
    ];

    private readonly Dictionary<byte[], Entry> _entries = new(ByteKeyComparer.Instance);
    private readonly Dictionary<LabelSet, SeriesState> _series = [];
    private readonly LabelBuilder _builder = new();
    // Series first seen in the scrape being appended: a failed scrape never wrote them, so they get no stale marker.
    private readonly List<LabelSet> _newInThisScrape = [];
    private EncodedSeries[]? _report;
    private ScrapeJobConfig? _settings;
    private int _iteration;

    /// <summary>Series whose staleness is tracked (present in the last scrape).</summary>
    public int ActiveSeries => _series.Count;

    /// <summary>
    /// Appends the samples of a successful response at <paramref name="timestampMs"/>, and stale
    /// markers for series of the previous scrape that are gone.
    /// </summary>
    /// <exception cref="ExpositionFormatException">Malformed body: discard <paramref name="batch"/> and call <see cref="AppendFailure"/>.</exception>
    public ScrapeCounts Append(ReadOnlySpan<byte> body, ExpositionFormat format, long timestampMs, ScrapeJobConfig settings, MetricBatch batch)
    {
        if (!ReferenceEquals(settings, _settings))
        {
            _entries.Clear();
            _settings = settings;
        }
        var iteration = ++_iteration;
        _newInThisScrape.Clear();
        var lookup = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();
        var reader = new ExpositionReader(body, format);
        var metadata = new MetadataCollector();
        int scraped = 0, kept = 0, added = 0;
        while (reader.Next())
        {
            if (reader.Entry != ExpositionEntry.Series)
            {
                metadata.Observe(ref reader, batch);
                continue;
            }
            scraped++;
            if (!lookup.TryGetValue(reader.SeriesText, out var entry))
            {
                entry = new Entry { Series = Resolve(ref reader, settings) };
                lookup[reader.SeriesText] = entry;
            }
            entry.LastSeen = iteration;
            var series = entry.Series;
            // Dropped by relabeling, or a second sample of a series in one scrape (Prometheus refuses it as a duplicate).
            if (series is null || series.LastSeen == iteration) continue;
            if (series.LastSeen < 0) added++;
            series.LastSeen = iteration;
            var ownTimestamp = settings.HonorTimestamps && reader.HasTimestamp;
            // As in Prometheus, a series with its own timestamps gets no stale markers: its exporter owns its time.
            series.TrackStaleness = !ownTimestamp;
            var index = series.Encoded.AddTo(batch);
            var ts = ownTimestamp ? reader.TimestampMs : timestampMs;
            batch.AddSample(index, ts, reader.Value);
            kept++;
            if (reader.HasExemplar)
            {
                var start = batch.Labels.Count;
                ExpositionParser.AddLabels(batch, reader.ExemplarLabels);
                batch.Exemplars.Add(new ExemplarRow
                {
                    Series = index,
                    TimestampMs = reader.ExemplarHasTimestamp ? reader.ExemplarTimestampMs : ts,
                    Value = reader.ExemplarValue,
                    Labels = new RowRange(start, batch.Labels.Count - start),
                });
            }
        }
        metadata.Flush(batch);

        foreach (var (labels, series) in _series)
        {
            if (series.LastSeen == iteration) continue;
            if (series.TrackStaleness) batch.AddSample(series.Encoded.AddTo(batch), timestampMs, StaleMarker.Value);
            _series.Remove(labels);
        }
        foreach (var (text, entry) in _entries)
        {
            if (entry.LastSeen != iteration) _entries.Remove(text);
        }
        _newInThisScrape.Clear();
        return new ScrapeCounts(scraped, kept, added);
    }

    /// <summary>A failed scrape: every series of the previous scrape goes stale, as if the target answered nothing.</summary>
    public void AppendFailure(long timestampMs, MetricBatch batch)
    {
        foreach (var labels in _newInThisScrape) _series.Remove(labels);
        _newInThisScrape.Clear();
        foreach (var series in _series.Values)
        {
            if (series.TrackStaleness) batch.AddSample(series.Encoded.AddTo(batch), timestampMs, StaleMarker.Value);
        }
        _series.Clear();
        _entries.Clear();
    }

    /// <summary>The synthetic series Prometheus writes for every scrape, with the target's labels.</summary>
    public void AppendReport(long timestampMs, bool up, TimeSpan duration, ScrapeCounts counts, MetricBatch batch)
    {
        _report ??= ReportNames.Select(name => new EncodedSeries(WithName(targetLabels, name))).ToArray();
        batch.AddSample(_report[0].AddTo(batch), timestampMs, up ? 1 : 0);
        batch.AddSample(_report[1].AddTo(batch), timestampMs, duration.TotalSeconds);
        batch.AddSample(_report[2].AddTo(batch), timestampMs, counts.Scraped);
        batch.AddSample(_report[3].AddTo(batch), timestampMs, counts.PostMetricRelabeling);
        batch.AddSample(_report[4].AddTo(batch), timestampMs, counts.SeriesAdded);
    }

    /// <summary>The target is gone: stale markers for its series and its synthetic series.</summary>
    public void AppendEndOfRun(long timestampMs, MetricBatch batch)
    {
        AppendFailure(timestampMs, batch);
        if (_report is null) return;
        foreach (var series in _report) batch.AddSample(series.AddTo(batch), timestampMs, StaleMarker.Value);
    }

    /// <summary>The final series of a series text seen for the first time; null when metric relabeling drops it.</summary>
    private SeriesState? Resolve(ref ExpositionReader reader, ScrapeJobConfig settings)
    {
        var lb = _builder;
        lb.Clear();
        lb.Set(LabelSet.MetricName, System.Text.Encoding.UTF8.GetString(reader.MetricName));
        var labels = reader.Labels;
        while (labels.MoveNext(out var rawName, out var rawValue))
        {
            var name = System.Text.Encoding.UTF8.GetString(rawName);
            if (lb.Has(name)) throw new ExpositionFormatException(reader.LineNumber, $"label name \"{name}\" is not unique");
            lb.Set(name, ExpositionTokens.UnescapeToString(rawValue));
        }
        ApplyTargetLabels(lb, settings.HonorLabels);
        if (settings.MetricRelabelConfigs.Count > 0 && !Relabeler.Process(settings.MetricRelabelConfigs, lb)) return null;
        if (!lb.Has(LabelSet.MetricName)) return null;
        var set = lb.ToLabelSet();
        if (!_series.TryGetValue(set, out var series))
        {
            series = new SeriesState(new EncodedSeries(set));
            _series[set] = series;
            _newInThisScrape.Add(set);
        }
        return series;
    }

    /// <summary>
    /// Target labels win over scraped ones, which are kept as <c>exported_&lt;name&gt;</c>
    /// (prefixed again while that name is taken); with honor_labels the scraped ones win.
    /// </summary>
    private void ApplyTargetLabels(LabelBuilder lb, bool honorLabels)
    {
        List<Label>? conflicts = null;
        foreach (var label in targetLabels.AsSpan())
        {
            var exposed = lb.Get(label.Name);
            if (honorLabels)
            {
                if (exposed.Length == 0) lb.Set(label.Name, label.Value);
                continue;
            }
            if (exposed.Length > 0) (conflicts ??= []).Add(new Label(label.Name, exposed));
            lb.Set(label.Name, label.Value);
        }
        if (conflicts is null) return;
        foreach (var conflict in conflicts)
        {
            var name = "exported_" + conflict.Name;
            while (lb.Has(name) || targetLabels.Has(name)) name = "exported_" + name;
            lb.Set(name, conflict.Value);
        }
    }

    private static LabelSet WithName(LabelSet labels, string name) =>
        LabelSet.From(labels.AsSpan().ToArray().Append(new Label(LabelSet.MetricName, name)));

    private sealed class Entry
    {
        public SeriesState? Series;
        public int LastSeen;
    }

    private sealed class SeriesState(EncodedSeries encoded)
    {
        public readonly EncodedSeries Encoded = encoded;
        /// <summary>The scrape that last had this series; -1 until its first sample is appended.</summary>
        public int LastSeen = -1;
        public bool TrackStaleness = true;
    }
}
