using System.Buffers;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;

namespace Orrery.Storage.Metrics.Embedded;

internal sealed partial class TenantHead
{
    /// <summary>
    /// Applies a batch to the head and writes what was accepted into <paramref name="record"/>.
    /// Caller holds <see cref="AppendLock"/> and appends the record to the WAL before releasing
    /// it, so the log holds batches in the order they were applied. Series the record defines
    /// for the first time are added to <paramref name="defined"/> (to mark them logged once the
    /// record is durable). Returns the number of accepted samples.
    /// </summary>
    public int Append(MetricBatch batch, MetricBatchRecord record, WriteRejections rejections, List<HeadSeries> defined)
    {
        var stamp = ++_recordStamp;
        record.Begin(Tenant);
        var seriesCount = batch.Series.Count;
        var resolved = ArrayPool<HeadSeries?>.Shared.Rent(Math.Max(1, seriesCount));
        string?[]? refusals = null;
        var accepted = 0;
        try
        {
            record.BeginSection();
            for (var i = 0; i < seriesCount; i++)
            {
                var labels = batch.LabelsOf(i);
                var series = Resolve(batch.Bytes, labels, out var refusal);
                resolved[i] = series;
                if (series is null)
                {
                    (refusals ??= new string?[seriesCount])[i] = refusal;
                    continue;
                }
                if (series.Logged || series.DefinedInRecord == stamp) continue;
                series.DefinedInRecord = stamp;
                record.WriteSeries(series.Id, batch.Bytes, labels);
                defined.Add(series);
            }
            record.EndSection();

            record.BeginSection();
            foreach (ref readonly var row in batch.Samples.AsSpan())
            {
                var series = resolved[row.Series];
                if (series is null)
                {
                    rejections.RejectSample(refusals![row.Series]!);
                    _instruments.SamplesRejected.Add(1, new KeyValuePair<string, object?>("reason", "limit"));
                    continue;
                }
                var outcome = series.AppendFloat(row.TimestampMs, row.Value, _blockRangeMs, _oooWindowMs, ChunkFiles);
                if (Accept(series, outcome, row.TimestampMs, rejections))
                {
                    record.WriteSample(series.Id, row.TimestampMs, row.Value);
                }
                if (outcome <= AppendOutcome.Duplicate) accepted++;
            }
            record.EndSection();

            record.BeginSection();
            foreach (ref readonly var row in batch.Histograms.AsSpan())
            {
                var series = resolved[row.Series];
                if (series is null)
                {
                    rejections.RejectSample(refusals![row.Series]!);
                    _instruments.SamplesRejected.Add(1, new KeyValuePair<string, object?>("reason", "limit"));
                    continue;
                }
                var histogram = HistogramValues.FromRow(batch, row);
                var outcome = series.AppendHistogram(row.TimestampMs, histogram, _blockRangeMs, _oooWindowMs, ChunkFiles);
                if (Accept(series, outcome, row.TimestampMs, rejections)) record.WriteHistogram(series.Id, row.TimestampMs, histogram);
                if (outcome <= AppendOutcome.Duplicate) accepted++;
            }
            record.EndSection();

            record.BeginSection();
            foreach (ref readonly var row in batch.Exemplars.AsSpan())
            {
                var series = resolved[row.Series];
                if (series is null)
                {
                    rejections.RejectExemplar(refusals![row.Series]!);
                    _instruments.ExemplarsRejected.Add(1, new KeyValuePair<string, object?>("reason", "limit"));
                    continue;
                }
                if (row.TimestampMs <= series.LastExemplarMs)
                {
                    // Equal is a resend (ignored quietly, as Prometheus does); older is out of order.
                    if (row.TimestampMs < series.LastExemplarMs)
                    {
                        rejections.RejectExemplar(RejectionMessages.OutOfOrderExemplar(MetricNameOf(series), row.TimestampMs));
                        _instruments.ExemplarsRejected.Add(1, new KeyValuePair<string, object?>("reason", "out_of_order"));
                    }
                    continue;
                }
                var labels = batch.Slice(row.Labels);
                if (Exemplars.Add(series, row.TimestampMs, row.Value, ToLabelSet(batch.Bytes, labels)))
                {
                    record.WriteExemplar(series.Id, row.TimestampMs, row.Value, batch.Bytes, labels);
                }
            }
            record.EndSection();

            record.BeginSection();
            foreach (ref readonly var row in batch.Metadata.AsSpan())
            {
                if (row.MetricFamily.Length == 0 || Metadata.IsCurrent(batch.Utf8(row.MetricFamily), row.Type, batch.Utf8(row.Help), batch.Utf8(row.Unit))) continue;
                Metadata.Set(batch.String(row.MetricFamily), new MetricMetadata(row.Type, batch.String(row.Help), batch.String(row.Unit)));
                record.WriteMetadata(batch.Utf8(row.MetricFamily), row.Type, batch.Utf8(row.Help), batch.Utf8(row.Unit));
            }
            record.EndSection();
        }
        finally
        {
            resolved.AsSpan(0, seriesCount).Clear();
            ArrayPool<HeadSeries?>.Shared.Return(resolved);
        }
        if (accepted > 0) _instruments.SamplesAppended.Add(accepted);
        return accepted;
    }

    /// <summary>Counts an append's outcome; true when the sample was stored and must be logged.</summary>
    private bool Accept(HeadSeries series, AppendOutcome outcome, long timestampMs, WriteRejections rejections)
    {
        switch (outcome)
        {
            case AppendOutcome.Appended:
            case AppendOutcome.AppendedOutOfOrder:
                if (timestampMs > _maxTime) _maxTime = timestampMs;
                if (timestampMs < _minTime) _minTime = timestampMs;
                return true;
            case AppendOutcome.Duplicate:
                return false;
            case AppendOutcome.Conflict:
                rejections.RejectSample(RejectionMessages.Duplicate(MetricNameOf(series), timestampMs));
                _instruments.SamplesRejected.Add(1, new KeyValuePair<string, object?>("reason", "duplicate"));
                return false;
            default:
                rejections.RejectSample(RejectionMessages.OutOfOrder(MetricNameOf(series), timestampMs, _options.OutOfOrderWindow));
                _instruments.SamplesRejected.Add(1, new KeyValuePair<string, object?>("reason", "out_of_order"));
                return false;
        }
    }

    /// <summary>The series for a batch's labels: found by hash without allocating, created when new unless a limit refuses it.</summary>
    private HeadSeries? Resolve(ByteArena bytes, ReadOnlySpan<LabelRow> labels, out string? refusal)
    {
        refusal = null;
        var hash = LabelHasher.Hash(bytes, labels);
        var series = Find(bytes, labels, hash);
        if (series is not null) return series;

        refusal = CheckLimits(bytes, labels, out var limit);
        if (refusal is not null)
        {
            _instruments.SeriesRefused.Add(1, new KeyValuePair<string, object?>("limit", limit), new KeyValuePair<string, object?>("tenant", Tenant));
            return null;
        }
        var strings = new Label[labels.Length];
        for (var i = 0; i < labels.Length; i++) strings[i] = new Label(bytes.GetString(labels[i].Name), bytes.GetString(labels[i].Value));
        return Create(_nextId, hash, strings);
    }

    private static LabelSet ToLabelSet(ByteArena bytes, ReadOnlySpan<LabelRow> labels)
    {
        if (labels.IsEmpty) return LabelSet.Empty;
        var list = new Label[labels.Length];
        for (var i = 0; i < labels.Length; i++) list[i] = new Label(bytes.GetString(labels[i].Name), bytes.GetString(labels[i].Value));
        return LabelSet.From(list);
    }

    private static string MetricNameIn(ByteArena bytes, ReadOnlySpan<LabelRow> labels)
    {
        foreach (ref readonly var label in labels)
        {
            if (bytes.Get(label.Name).SequenceEqual("__name__"u8)) return bytes.GetString(label.Value);
        }
        return "";
    }

    /// <summary>The refusal message of a new series that breaks a cardinality limit, or null.</summary>
    private string? CheckLimits(ByteArena bytes, ReadOnlySpan<LabelRow> labels, out string limit)
    {
        var limits = _options.Limits;
        var metric = MetricNameIn(bytes, labels);
        if (labels.Length > limits.MaxLabelNamesPerSeries)
        {
            limit = "max_label_names_per_series";
            return $"series of metric {metric} has {labels.Length} labels, more than the limit of {limits.MaxLabelNamesPerSeries} label names per series";
        }
        foreach (ref readonly var label in labels)
        {
            if (label.Name.Length > limits.MaxLabelNameLength)
            {
                limit = "max_label_name_length";
                return $"series of metric {metric} has a label name longer than the limit of {limits.MaxLabelNameLength} bytes ({Preview(bytes, label.Name)})";
            }
            if (label.Value.Length > limits.MaxLabelValueLength)
            {
                limit = "max_label_value_length";
                return $"series of metric {metric}: the value of label {Preview(bytes, label.Name)} is longer than the limit of {limits.MaxLabelValueLength} bytes";
            }
        }
        if (_byId.Count >= limits.MaxActiveSeries)
        {
            limit = "max_active_series";
            return $"new series of metric {metric} refused: tenant {Tenant} reached the limit of {limits.MaxActiveSeries} active series";
        }
        var nameId = Symbols.Find(metric);
        if (nameId >= 0 && _seriesPerMetric.GetValueOrDefault(nameId) >= limits.MaxSeriesPerMetric)
        {
            limit = "max_series_per_metric";
            return $"new series of metric {metric} refused: the metric reached the limit of {limits.MaxSeriesPerMetric} series per metric";
        }
        limit = "";
        return null;
    }

    /// <summary>The first 64 bytes of a (too long) label name, enough to recognise it.</summary>
    private static string Preview(ByteArena bytes, Utf8Ref name)
    {
        var text = bytes.Get(name);
        return text.Length <= 64 ? System.Text.Encoding.UTF8.GetString(text) : System.Text.Encoding.UTF8.GetString(text[..64]) + "…";
    }
}
