using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;
using Orrery.Signals.Protobuf;
using static Orrery.Signals.Otlp.OtlpLabelWriting;
using F = Orrery.Signals.Protobuf.OtlpFieldNumbers;
using M = Orrery.Signals.Protobuf.OtlpMetricsFieldNumbers;

namespace Orrery.Signals.Otlp;

/// <summary>
/// Writes a <see cref="MetricBatch"/> (Prometheus's model) as an OTLP ExportMetricsServiceRequest
/// (same layout as MetricsData), the way a Prometheus-to-OTLP bridge does, so that an OTLP
/// receiver that translates back to Prometheus (Orrery's, Prometheus's own) stores the same
/// series under the same names.
/// </summary>
/// <remarks>
/// One ResourceMetrics with an empty Resource and one ScopeMetrics with an empty scope hold one
/// Metric per series: named by <c>__name__</c>, its other labels as string attributes of every
/// point (<c>job</c> and <c>instance</c> included, which a receiver takes when the resource
/// names no service), the family's help as description, no unit (a unit would add a suffix to the
/// name on the way back).
/// <list type="bullet">
/// <item>Float samples: a monotonic cumulative Sum when the family is a counter (or, without
/// metadata, the name ends in <c>_total</c>) and the name ends in <c>_total</c>; a Gauge otherwise
/// (classic histogram and summary series travel as the gauges they are stored as).
/// A stale marker is a point with the no-recorded-value flag and no value.</item>
/// <item>Native histogram samples: a cumulative ExponentialHistogram (scale = schema; Prometheus
/// bucket index i, the upper bound, is OTLP index i - 1; counts rounded to integers). Custom-bucket
/// schemas (outside -4..8) have no OTLP form and are left out.</item>
/// <item>Exemplars go on the last point of their series (its float points if it has any), with
/// <c>trace_id</c>/<c>span_id</c> labels as the exemplar's ids and other labels as filtered
/// attributes; exemplars of a series without points in the batch are left out.</item>
/// </list>
/// </remarks>
public static class OtlpMetricsProtobufWriter
{
    private const ulong Cumulative = 2;
    private const long NanosPerMilli = 1_000_000;

    public static byte[] Write(MetricBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var context = new Context(batch);
        using var writer = new ProtoWriter(batch.Bytes.Length + batch.Samples.Count * 24 + batch.Series.Count * 32 + 256);
        if (batch.Samples.Count + batch.Histograms.Count == 0) return [];
        var resourceMetrics = writer.BeginMessage(M.MetricsData.ResourceMetrics);
        var resource = writer.BeginMessage(M.ResourceMetrics.Resource);
        writer.EndMessage(resource);
        var scopeMetrics = writer.BeginMessage(M.ResourceMetrics.ScopeMetrics);
        var scope = writer.BeginMessage(M.ScopeMetrics.Scope);
        writer.EndMessage(scope);
        for (var s = 0; s < batch.Series.Count; s++)
        {
            var floats = context.Samples.RowsOf(s);
            var histograms = context.Histograms.RowsOf(s);
            var exemplars = context.Exemplars.RowsOf(s);
            if (!floats.IsEmpty)
            {
                var metric = writer.BeginMessage(M.ScopeMetrics.Metrics);
                WriteFloatMetric(writer, context, s, floats, exemplars);
                writer.EndMessage(metric);
            }
            if (!histograms.IsEmpty && HasOtlpForm(batch, histograms))
            {
                var metric = writer.BeginMessage(M.ScopeMetrics.Metrics);
                WriteHistogramMetric(writer, context, s, histograms, floats.IsEmpty ? exemplars : default);
                writer.EndMessage(metric);
            }
        }
        writer.EndMessage(scopeMetrics);
        writer.EndMessage(resourceMetrics);
        return writer.ToArray();
    }

    private static bool HasOtlpForm(MetricBatch batch, ReadOnlySpan<int> histograms)
    {
        foreach (var h in histograms)
        {
            if (IsExponential(batch.Histograms[h].Schema)) return true;
        }
        return false;
    }

    private static bool IsExponential(int schema) => schema is >= -4 and <= 8;

    // message Metric { string name = 1; string description = 2; string unit = 3; oneof data { Gauge gauge = 5; Sum sum = 7;
    //   Histogram histogram = 9; ExponentialHistogram exponential_histogram = 10; Summary summary = 11; } ... }
    private static void WriteMetricHeader(ProtoWriter writer, Context context, int series)
    {
        var batch = context.Batch;
        var name = batch.LabelValue(series, "__name__"u8);
        if (!name.IsEmpty) writer.WriteBytesField(M.Metric.Name, name);
        var family = context.Families.Find(name);
        if (family >= 0 && !context.Families[family].Help.IsEmpty) writer.WriteBytesField(M.Metric.Description, batch.Utf8(context.Families[family].Help));
    }

    private static void WriteFloatMetric(ProtoWriter writer, Context context, int series, ReadOnlySpan<int> samples, ReadOnlySpan<int> exemplars)
    {
        WriteMetricHeader(writer, context, series);
        var counter = IsCounter(context, series);
        // message Gauge { repeated NumberDataPoint data_points = 1; }
        // message Sum { repeated NumberDataPoint data_points = 1; AggregationTemporality aggregation_temporality = 2; bool is_monotonic = 3; }
        var data = writer.BeginMessage(counter ? M.Metric.Sum : M.Metric.Gauge);
        for (var i = 0; i < samples.Length; i++)
        {
            var point = writer.BeginMessage(M.MetricData.DataPoints);
            WriteNumberPoint(writer, context, series, samples[i], i == samples.Length - 1 ? exemplars : default);
            writer.EndMessage(point);
        }
        if (counter)
        {
            writer.WriteVarintField(M.MetricData.AggregationTemporality, Cumulative);
            writer.WriteBoolField(M.MetricData.IsMonotonic, true);
        }
        writer.EndMessage(data);
    }

    private static bool IsCounter(Context context, int series)
    {
        var name = context.Batch.LabelValue(series, "__name__"u8);
        if (!name.EndsWith("_total"u8)) return false;
        var family = context.Families.Find(name);
        return family < 0 || context.Families[family].Type == MetricType.Counter;
    }

    // message NumberDataPoint { fixed64 start_time_unix_nano = 2; fixed64 time_unix_nano = 3; oneof value { double as_double = 4; sfixed64 as_int = 6; }
    //   repeated Exemplar exemplars = 5; repeated KeyValue attributes = 7; uint32 flags = 8; }
    private static void WriteNumberPoint(ProtoWriter writer, Context context, int series, int row, ReadOnlySpan<int> exemplars)
    {
        ref readonly var sample = ref context.Batch.Samples[row];
        var stale = StaleMarker.Is(sample.Value);
        WriteTime(writer, M.NumberDataPoint.TimeUnixNano, sample.TimestampMs);
        if (!stale) writer.WriteDoubleField(M.NumberDataPoint.AsDouble, sample.Value);
        foreach (var e in exemplars) WriteExemplar(writer, context, M.NumberDataPoint.Exemplars, e);
        WriteSeriesAttributes(writer, context.Batch, series, M.NumberDataPoint.Attributes);
        if (stale) writer.WriteVarintField(M.NumberDataPoint.Flags, M.FlagNoRecordedValue);
    }

    private static void WriteHistogramMetric(ProtoWriter writer, Context context, int series, ReadOnlySpan<int> histograms, ReadOnlySpan<int> exemplars)
    {
        WriteMetricHeader(writer, context, series);
        // message ExponentialHistogram { repeated ExponentialHistogramDataPoint data_points = 1; AggregationTemporality aggregation_temporality = 2; }
        var data = writer.BeginMessage(M.Metric.ExponentialHistogram);
        var last = -1;
        for (var i = 0; i < histograms.Length; i++)
        {
            if (IsExponential(context.Batch.Histograms[histograms[i]].Schema)) last = i;
        }
        for (var i = 0; i <= last; i++)
        {
            if (!IsExponential(context.Batch.Histograms[histograms[i]].Schema)) continue;
            var point = writer.BeginMessage(M.MetricData.DataPoints);
            WriteHistogramPoint(writer, context, series, histograms[i], i == last ? exemplars : default);
            writer.EndMessage(point);
        }
        writer.WriteVarintField(M.MetricData.AggregationTemporality, Cumulative);
        writer.EndMessage(data);
    }

    // message ExponentialHistogramDataPoint { repeated KeyValue attributes = 1; fixed64 start_time_unix_nano = 2; fixed64 time_unix_nano = 3;
    //   fixed64 count = 4; optional double sum = 5; sint32 scale = 6; fixed64 zero_count = 7; Buckets positive = 8; Buckets negative = 9;
    //   uint32 flags = 10; repeated Exemplar exemplars = 11; optional double min = 12; optional double max = 13; double zero_threshold = 14; }
    private static void WriteHistogramPoint(ProtoWriter writer, Context context, int series, int row, ReadOnlySpan<int> exemplars)
    {
        var batch = context.Batch;
        ref readonly var h = ref batch.Histograms[row];
        var stale = StaleMarker.Is(h.Sum);
        WriteSeriesAttributes(writer, batch, series, M.ExponentialHistogramDataPoint.Attributes);
        WriteTime(writer, M.ExponentialHistogramDataPoint.TimeUnixNano, h.TimestampMs);
        if (!stale)
        {
            var count = Count(h.Count);
            if (count != 0) writer.WriteFixed64Field(M.ExponentialHistogramDataPoint.Count, count);
            writer.WriteDoubleField(M.ExponentialHistogramDataPoint.Sum, h.Sum);
            if (h.Schema != 0) writer.WriteVarintField(M.ExponentialHistogramDataPoint.Scale, ZigZag(h.Schema));
            var zeroCount = Count(h.ZeroCount);
            if (zeroCount != 0) writer.WriteFixed64Field(M.ExponentialHistogramDataPoint.ZeroCount, zeroCount);
            WriteBuckets(writer, batch, M.ExponentialHistogramDataPoint.Positive, h.PositiveSpans, h.PositiveBuckets);
            WriteBuckets(writer, batch, M.ExponentialHistogramDataPoint.Negative, h.NegativeSpans, h.NegativeBuckets);
        }
        else
        {
            writer.WriteVarintField(M.ExponentialHistogramDataPoint.Flags, M.FlagNoRecordedValue);
        }
        foreach (var e in exemplars) WriteExemplar(writer, context, M.ExponentialHistogramDataPoint.Exemplars, e);
        if (!stale && h.ZeroThreshold != 0) writer.WriteDoubleField(M.ExponentialHistogramDataPoint.ZeroThreshold, h.ZeroThreshold);
    }

    // message Buckets { sint32 offset = 1; repeated uint64 bucket_counts = 2 [packed]; }
    // Sparse spans become one dense run from the first bucket to the last, gaps as zero counts.
    private static void WriteBuckets(ProtoWriter writer, MetricBatch batch, int field, RowRange spans, RowRange counts)
    {
        if (spans.Count == 0 || counts.Count == 0) return;
        long first = batch.BucketSpans[spans.Start].Offset;
        var message = writer.BeginMessage(field);
        // Prometheus indexes a bucket by its upper bound, OTLP by its lower one.
        var offset = (int)(first - 1);
        if (offset != 0) writer.WriteVarintField(M.Buckets.Offset, ZigZag(offset));
        var packed = writer.BeginMessage(M.Buckets.BucketCounts);
        var index = 0L;
        var expected = first;
        var c = counts.Start;
        for (var s = spans.Start; s < spans.End; s++)
        {
            index += batch.BucketSpans[s].Offset;
            for (; expected < index; expected++) writer.WriteVarint(0);
            for (var j = 0u; j < batch.BucketSpans[s].Length && c < counts.End; j++, c++, index++, expected++)
            {
                writer.WriteVarint(Count(batch.BucketCounts[c]));
            }
        }
        writer.EndMessage(packed);
        writer.EndMessage(message);
    }

    // message Exemplar { fixed64 time_unix_nano = 2; oneof value { double as_double = 3; sfixed64 as_int = 6; }
    //   bytes span_id = 4; bytes trace_id = 5; repeated KeyValue filtered_attributes = 7; }
    private static void WriteExemplar(ProtoWriter writer, Context context, int field, int row)
    {
        var batch = context.Batch;
        ref readonly var exemplar = ref batch.Exemplars[row];
        var labels = batch.Slice(exemplar.Labels);
        TraceId traceId = default;
        SpanId spanId = default;
        foreach (ref readonly var label in labels)
        {
            var name = batch.Utf8(label.Name);
            if (name.SequenceEqual("trace_id"u8)) TraceId.TryParseExactHex(batch.Utf8(label.Value), out traceId);
            else if (name.SequenceEqual("span_id"u8)) SpanId.TryParseExactHex(batch.Utf8(label.Value), out spanId);
        }
        var message = writer.BeginMessage(field);
        WriteTime(writer, M.Exemplar.TimeUnixNano, exemplar.TimestampMs);
        writer.WriteDoubleField(M.Exemplar.AsDouble, exemplar.Value);
        Span<byte> id = stackalloc byte[TraceId.Size];
        if (!spanId.IsEmpty)
        {
            spanId.WriteTo(id);
            writer.WriteBytesField(M.Exemplar.SpanId, id[..SpanId.Size]);
        }
        if (!traceId.IsEmpty)
        {
            traceId.WriteTo(id);
            writer.WriteBytesField(M.Exemplar.TraceId, id);
        }
        foreach (ref readonly var label in labels)
        {
            var name = batch.Utf8(label.Name);
            if ((name.SequenceEqual("trace_id"u8) && !traceId.IsEmpty) || (name.SequenceEqual("span_id"u8) && !spanId.IsEmpty)) continue;
            WriteStringAttribute(writer, M.Exemplar.FilteredAttributes, name, batch.Utf8(label.Value));
        }
        writer.EndMessage(message);
    }

    private static void WriteSeriesAttributes(ProtoWriter writer, MetricBatch batch, int series, int field)
    {
        foreach (ref readonly var label in batch.LabelsOf(series))
        {
            var name = batch.Utf8(label.Name);
            if (name.SequenceEqual("__name__"u8)) continue;
            WriteStringAttribute(writer, field, name, batch.Utf8(label.Value));
        }
    }

    private static void WriteTime(ProtoWriter writer, int field, long timestampMs)
    {
        if (timestampMs != 0) writer.WriteFixed64Field(field, (ulong)(timestampMs * NanosPerMilli));
    }

    private static ulong Count(double value) => value > 0 && double.IsFinite(value) ? (ulong)Math.Round(value) : 0;

    /// <summary>Samples, histograms and exemplars grouped by series; the family metadata.</summary>
    private sealed class Context
    {
        public Context(MetricBatch batch)
        {
            Batch = batch;
            var series = batch.Series.Count;
            Samples = Group(series, batch.Samples.Count, i => batch.Samples[i].Series);
            Histograms = Group(series, batch.Histograms.Count, i => batch.Histograms[i].Series);
            Exemplars = Group(series, batch.Exemplars.Count, i => batch.Exemplars[i].Series);
            Families = new MetricFamilyTypes(batch);
        }

        public MetricBatch Batch { get; }
        public RowGroups Samples { get; }
        public RowGroups Histograms { get; }
        public RowGroups Exemplars { get; }
        public MetricFamilyTypes Families { get; }

        private static RowGroups Group(int owners, int rows, Func<int, int> ownerOf)
        {
            var keys = new int[rows];
            for (var i = 0; i < rows; i++) keys[i] = ownerOf(i);
            return new RowGroups(owners, keys);
        }
    }
}
