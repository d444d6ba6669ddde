using Orrery.Signals.Labels;

namespace Orrery.Signals.Metrics;

/// <summary>
/// A batch of metric data in Prometheus's model, the shape every metrics stage shares (OTLP
/// translation, remote write, scrape → pipeline → TSDB): series as label sets, and float
/// samples, native histogram samples and exemplars that point at a series by index. Rows of
/// unmanaged structs plus one byte arena, no object per sample.
/// </summary>
/// <remarks>
/// A series may appear more than once in a batch (the store finds it by its labels); samples
/// of one series keep the order they were added in. Not thread-safe: one writer, then readers.
/// </remarks>
public sealed class MetricBatch
{
    private int _seriesLabelsStart = -1;

    public MetricBatch()
        : this(series: 64, labels: 512, samples: 256, bytes: 4096)
    {
    }

    /// <summary>
    /// A batch with room for about this many rows and arena bytes, for a decoder that can tell
    /// its request's size: one allocation a list instead of a doubling series of them.
    /// </summary>
    public MetricBatch(int series, int labels, int samples, int bytes)
    {
        Bytes = new ByteArena(bytes);
        Series = new RowList<SeriesRow>(series);
        Labels = new RowList<LabelRow>(labels);
        Samples = new RowList<SampleRow>(samples);
    }

    public ByteArena Bytes { get; }
    public RowList<SeriesRow> Series { get; }
    /// <summary>Labels of series and of exemplars.</summary>
    public RowList<LabelRow> Labels { get; }
    public RowList<SampleRow> Samples { get; }
    public RowList<HistogramRow> Histograms { get; } = new(4);
    public RowList<BucketSpanRow> BucketSpans { get; } = new(8);
    public RowList<double> BucketCounts { get; } = new(32);
    public RowList<ExemplarRow> Exemplars { get; } = new(8);
    public RowList<MetadataRow> Metadata { get; } = new(8);

    /// <summary>Float samples plus histogram samples.</summary>
    public int SampleCount => Samples.Count + Histograms.Count;

    public ReadOnlySpan<byte> Utf8(Utf8Ref r) => Bytes.Get(r);

    public string String(Utf8Ref r) => Bytes.GetString(r);

    /// <summary>The labels of one series, sorted by name.</summary>
    public ReadOnlySpan<LabelRow> LabelsOf(int series) => Slice(Series[series].Labels);

    public ReadOnlySpan<LabelRow> Slice(RowRange range) => Labels.AsSpan().Slice(range.Start, range.Count);

    /// <summary>The value of a label of a series (e.g. <c>"__name__"u8</c>), empty when absent.</summary>
    public ReadOnlySpan<byte> LabelValue(int series, ReadOnlySpan<byte> name)
    {
        foreach (ref readonly var label in LabelsOf(series))
        {
            if (Bytes.Get(label.Name).SequenceEqual(name)) return Bytes.Get(label.Value);
        }
        return default;
    }

    /// <summary>Starts a series; add its labels in any order with <see cref="AddLabel(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>, then call <see cref="EndSeries"/>.</summary>
    public void BeginSeries()
    {
        if (_seriesLabelsStart >= 0) throw new InvalidOperationException("BeginSeries called twice without EndSeries");
        _seriesLabelsStart = Labels.Count;
    }

    public void AddLabel(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        ref var label = ref Labels.Add();
        label.Name = Bytes.Append(name);
        label.Value = Bytes.Append(value);
    }

    public void AddLabel(string name, string value)
    {
        ref var label = ref Labels.Add();
        label.Name = Bytes.Append(name);
        label.Value = Bytes.Append(value);
    }

    /// <summary>Adds a label whose bytes are already in <see cref="Bytes"/> (shared names and values).</summary>
    public void AddLabel(Utf8Ref name, Utf8Ref value) => Labels.Add(new LabelRow { Name = name, Value = value });

    /// <summary>
    /// Sorts the series' labels by name (byte order, as Prometheus does) and adds the series.
    /// Labels with an empty value are dropped, as Prometheus treats them as absent.
    /// Returns the series index, or -1 (and removes the labels) when a name occurs twice:
    /// <paramref name="duplicateName"/> then names it.
    /// </summary>
    public int EndSeries(out string? duplicateName)
    {
        if (_seriesLabelsStart < 0) throw new InvalidOperationException("EndSeries without BeginSeries");
        var start = _seriesLabelsStart;
        _seriesLabelsStart = -1;
        var kept = LabelCanonicalizer.Canonicalize(Bytes, Labels.AsSpan()[start..], out duplicateName);
        Labels.Truncate(kept < 0 ? start : start + kept);
        if (kept < 0) return -1;
        return Series.Add(new SeriesRow { Labels = new RowRange(start, kept) });
    }

    public void AddSample(int series, long timestampMs, double value) =>
        Samples.Add(new SampleRow { Series = series, TimestampMs = timestampMs, Value = value });

    public void Clear()
    {
        _seriesLabelsStart = -1;
        Bytes.Clear();
        Series.Clear();
        Labels.Clear();
        Samples.Clear();
        Histograms.Clear();
        BucketSpans.Clear();
        BucketCounts.Clear();
        Exemplars.Clear();
        Metadata.Clear();
    }
}
