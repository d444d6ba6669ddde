using Orrery.Signals;
using Orrery.Signals.Metrics;

namespace Orrery.Pipeline.Connectors;

/// <summary>
/// Writes the cumulative state of a connector into a <see cref="MetricBatch"/> at a flush: label
/// names and values are appended to the arena once per flush and shared by every series row that
/// repeats them. A series seen for the first time also gets a 0 sample one millisecond before
/// its first value, as Tempo's metrics generator writes, so <c>increase()</c> counts the first
/// requests instead of treating the first value as the start. Expired series get stale markers.
/// </summary>
internal sealed class FlushWriter(long timestampMs)
{
    private static readonly Utf8Ref NoValue = default;
    private readonly Dictionary<string, Utf8Ref> _text = new(StringComparer.Ordinal);
    private readonly List<(Utf8Ref Name, Utf8Ref Value)> _labels = [];

    public MetricBatch Batch { get; } = new();

    public long TimestampMs { get; } = timestampMs;

    public Utf8Ref Text(string? s)
    {
        if (string.IsNullOrEmpty(s)) return NoValue;
        if (!_text.TryGetValue(s, out var r))
        {
            r = Batch.Bytes.Append(s);
            _text.Add(s, r);
        }
        return r;
    }

    /// <summary>Starts the labels (besides <c>__name__</c> and <c>le</c>) of the next series rows.</summary>
    public void ClearLabels() => _labels.Clear();

    public void Label(string name, string? value) => _labels.Add((Text(name), Text(value)));

    public int AddSeries(string metricName, string? le = null)
    {
        Batch.BeginSeries();
        Batch.AddLabel(Text("__name__"), Text(metricName));
        foreach (var (name, value) in _labels)
        {
            if (!value.IsEmpty) Batch.AddLabel(name, value);
        }
        if (le is not null) Batch.AddLabel(Text("le"), Text(le));
        return Batch.EndSeries(out _);
    }

    public void Sample(int series, double value, SeriesPhase phase)
    {
        if (series < 0) return;
        if (phase == SeriesPhase.New) Batch.AddSample(series, TimestampMs - 1, 0);
        Batch.AddSample(series, TimestampMs, phase == SeriesPhase.Expired ? StaleMarker.Value : value);
    }

    public void Metadata(string family, MetricType type, string help) =>
        Batch.Metadata.Add(new MetadataRow { MetricFamily = Text(family), Type = type, Help = Text(help) });

    public void Counter(string name, double value, SeriesPhase phase) => Sample(AddSeries(name), value, phase);

    /// <summary><c>name_bucket</c> per bound and +Inf (each with at most <paramref name="exemplars"/> exemplars of kept traces), <c>name_sum</c>, <c>name_count</c>.</summary>
    public void Classic(string name, ExplicitHistogram h, SeriesPhase phase, int exemplars)
    {
        var bounds = h.Bounds;
        for (var b = 0; b <= bounds.Length; b++)
        {
            var series = AddSeries(name + "_bucket", MetricText.Le(b < bounds.Length ? bounds[b] : double.PositiveInfinity));
            Sample(series, h.Cumulative(b), phase);
            if (exemplars > 0 && phase != SeriesPhase.Expired && series >= 0)
                h.Exemplars.TakeKept(b, exemplars, (this, series), static (s, c) => s.Item1.Exemplar(s.series, c));
        }
        Sample(AddSeries(name + "_sum"), h.Sum, phase);
        Sample(AddSeries(name + "_count"), h.Count, phase);
    }

    /// <summary>One native histogram sample (and its exemplars of kept traces).</summary>
    public void Native(string name, ExponentialHistogram h, SeriesPhase phase, bool exemplars)
    {
        var series = AddSeries(name);
        if (series < 0) return;
        if (phase == SeriesPhase.New)
        {
            var zero = new HistogramRow { Series = series, TimestampMs = TimestampMs - 1, Schema = h.Schema, ZeroThreshold = ExponentialHistogram.ZeroThreshold };
            zero.PositiveSpans = zero.NegativeSpans = new RowRange(Batch.BucketSpans.Count, 0);
            zero.PositiveBuckets = zero.NegativeBuckets = new RowRange(Batch.BucketCounts.Count, 0);
            Batch.Histograms.Add(zero);
        }
        var row = new HistogramRow { Series = series, TimestampMs = TimestampMs, ResetHint = CounterResetHint.Unknown };
        h.WriteTo(Batch, ref row);
        if (phase == SeriesPhase.Expired) row.Sum = StaleMarker.Value;
        Batch.Histograms.Add(row);
        if (exemplars && phase != SeriesPhase.Expired)
            h.Exemplars.TakeKept(0, h.Exemplars.PerBucket, (this, series), static (s, c) => s.Item1.Exemplar(s.series, c));
    }

    private void Exemplar(int series, ExemplarSlots.Candidate c)
    {
        var start = Batch.Labels.Count;
        Batch.AddLabel(Text("trace_id"), Batch.Bytes.Append(c.TraceId.ToHex()));
        Batch.AddLabel(Text("span_id"), Batch.Bytes.Append(c.SpanId.ToHex()));
        Batch.Exemplars.Add(new ExemplarRow { Series = series, TimestampMs = c.TimestampMs, Value = c.Value, Labels = new RowRange(start, 2) });
    }
}

/// <summary>Where a series is in its life at a flush.</summary>
internal enum SeriesPhase : byte
{
    /// <summary>First flush: a 0 sample goes before the value.</summary>
    New,
    Existing,
    /// <summary>Not updated for the expiration period: a stale marker ends it.</summary>
    Expired,
}
