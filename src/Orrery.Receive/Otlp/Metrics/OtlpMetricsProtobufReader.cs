using Orrery.Receive.Otlp.Common;
using Orrery.Signals;
using Orrery.Signals.Protobuf;
using F = Orrery.Signals.Protobuf.OtlpMetricsFieldNumbers;

namespace Orrery.Receive.Otlp.Metrics;

/// <summary>
/// Decodes an OTLP <c>ExportMetricsServiceRequest</c> (also <c>MetricsData</c>, same layout)
/// straight from protobuf bytes into <see cref="OtlpMetricsData"/> rows: no object per metric or
/// point. Validation of point contents (bucket layouts, temporality) is the translator's job, so
/// both wire formats reject the same points with the same messages.
/// </summary>
/// <remarks>
/// Protobuf semantics are kept: fields in any order, the last member of a oneof wins (a metric's
/// <c>data</c> seen twice keeps only the last one's points), packed and unpacked repeated scalars
/// are both read, unknown fields are skipped. A malformed payload throws
/// <see cref="OtlpFormatException"/> and leaves <c>destination</c> as it was.
/// </remarks>
public static partial class OtlpMetricsProtobufReader
{
    private const int Varint = (int)WireType.Varint;
    private const int I64 = (int)WireType.Fixed64;
    private const int Len = (int)WireType.LengthDelimited;

    public static void Read(ReadOnlySpan<byte> payload, OtlpMetricsData destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var mark = new OtlpMetricsDataMark(destination);
        var decoder = new Decoder(destination);
        try
        {
            var reader = new ProtoReader(payload);
            // message ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }
            while (reader.TryReadTag(out var tag))
            {
                if (tag == (F.MetricsData.ResourceMetrics << 3 | Len))
                {
                    var resourceMetrics = reader.ReadMessage();
                    decoder.ReadResourceMetrics(ref resourceMetrics);
                }
                else
                {
                    reader.SkipField(tag);
                }
            }
        }
        catch (ProtobufFormatException e)
        {
            mark.Restore(destination);
            throw new OtlpFormatException($"malformed OTLP protobuf ExportMetricsServiceRequest: {e.Message}", e);
        }
    }

    private sealed partial class Decoder(OtlpMetricsData data)
    {
        private readonly OtlpMetricsData _data = data;
        private readonly ByteArena _bytes = data.Bytes;

        // message ResourceMetrics {
        //   Resource resource = 1;
        //   repeated ScopeMetrics scope_metrics = 2;
        //   string schema_url = 3;
        // }
        public void ReadResourceMetrics(ref ProtoReader reader)
        {
            // The row exists before its fields are read: scope_metrics may precede resource.
            var row = _data.Resources.Count;
            _data.Resources.Add();
            var attributeStart = _data.ResourceAttributes.Count;
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.ResourceMetrics.Resource << 3 | Len:
                        var resource = reader.ReadMessage();
                        uint dropped = 0;
                        OtlpCommonProtobuf.ReadResource(ref resource, _bytes, _data.ResourceAttributes, ref dropped);
                        break;
                    case F.ResourceMetrics.ScopeMetrics << 3 | Len:
                        var scopeMetrics = reader.ReadMessage();
                        ReadScopeMetrics(ref scopeMetrics, row);
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
                }
            }
            _data.Resources[row].Attributes = new RowRange(attributeStart, _data.ResourceAttributes.Count - attributeStart);
        }

        // message ScopeMetrics {
        //   InstrumentationScope scope = 1;
        //   repeated Metric metrics = 2;
        //   string schema_url = 3;
        // }
        private void ReadScopeMetrics(ref ProtoReader reader, int resourceRow)
        {
            var row = _data.Scopes.Count;
            _data.Scopes.Add().Resource = resourceRow;
            var attributeStart = _data.ScopeAttributes.Count;
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.ScopeMetrics.Scope << 3 | Len:
                        var scope = reader.ReadMessage();
                        var fields = new OtlpScopeFields();
                        OtlpCommonProtobuf.ReadScope(ref scope, _bytes, _data.ScopeAttributes, ref fields);
                        _data.Scopes[row].Name = fields.Name;
                        _data.Scopes[row].Version = fields.Version;
                        break;
                    case F.ScopeMetrics.Metrics << 3 | Len:
                        var metric = reader.ReadMessage();
                        ReadMetric(ref metric, row);
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
                }
            }
            _data.Scopes[row].Attributes = new RowRange(attributeStart, _data.ScopeAttributes.Count - attributeStart);
        }

        // message Metric {
        //   string name = 1;
        //   string description = 2;
        //   string unit = 3;
        //   oneof data {
        //     Gauge gauge = 5;
        //     Sum sum = 7;
        //     Histogram histogram = 9;
        //     ExponentialHistogram exponential_histogram = 10;
        //     Summary summary = 11;
        //   }
        //   repeated KeyValue metadata = 12;   (skipped)
        // }
        private void ReadMetric(ref ProtoReader reader, int scopeRow)
        {
            var metric = new OtlpMetricRow { Scope = scopeRow };
            var pointStart = _data.Points.Count;
            while (reader.TryReadTag(out var tag))
            {
                var kind = OtlpMetricKind.None;
                switch (tag)
                {
                    case F.Metric.Name << 3 | Len:
                        metric.Name = _bytes.Append(reader.ReadBytes());
                        continue;
                    case F.Metric.Description << 3 | Len:
                        metric.Description = _bytes.Append(reader.ReadBytes());
                        continue;
                    case F.Metric.Unit << 3 | Len:
                        metric.Unit = _bytes.Append(reader.ReadBytes());
                        continue;
                    case F.Metric.Gauge << 3 | Len: kind = OtlpMetricKind.Gauge; break;
                    case F.Metric.Sum << 3 | Len: kind = OtlpMetricKind.Sum; break;
                    case F.Metric.Histogram << 3 | Len: kind = OtlpMetricKind.Histogram; break;
                    case F.Metric.ExponentialHistogram << 3 | Len: kind = OtlpMetricKind.ExponentialHistogram; break;
                    case F.Metric.Summary << 3 | Len: kind = OtlpMetricKind.Summary; break;
                    default:
                        reader.SkipField(tag);
                        continue;
                }
                // A oneof member replaces an earlier one: forget the earlier member's points.
                _data.Points.Truncate(pointStart);
                metric.Kind = kind;
                metric.Temporality = AggregationTemporality.Unspecified;
                metric.IsMonotonic = false;
                var body = reader.ReadMessage();
                ReadMetricData(ref body, ref metric);
            }
            metric.Points = new RowRange(pointStart, _data.Points.Count - pointStart);
            _data.Metrics.Add(in metric);
        }

        // message Gauge { repeated NumberDataPoint data_points = 1; }
        // message Sum { repeated NumberDataPoint data_points = 1; AggregationTemporality aggregation_temporality = 2; bool is_monotonic = 3; }
        // message Histogram { repeated HistogramDataPoint data_points = 1; AggregationTemporality aggregation_temporality = 2; }
        // message ExponentialHistogram { repeated ExponentialHistogramDataPoint data_points = 1; AggregationTemporality aggregation_temporality = 2; }
        // message Summary { repeated SummaryDataPoint data_points = 1; }
        private void ReadMetricData(ref ProtoReader reader, ref OtlpMetricRow metric)
        {
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.MetricData.DataPoints << 3 | Len:
                        var point = reader.ReadMessage();
                        switch (metric.Kind)
                        {
                            case OtlpMetricKind.Gauge:
                            case OtlpMetricKind.Sum:
                                ReadNumberPoint(ref point);
                                break;
                            case OtlpMetricKind.Histogram:
                                ReadHistogramPoint(ref point);
                                break;
                            case OtlpMetricKind.ExponentialHistogram:
                                ReadExponentialHistogramPoint(ref point);
                                break;
                            default:
                                ReadSummaryPoint(ref point);
                                break;
                        }
                        break;
                    case F.MetricData.AggregationTemporality << 3 | Varint:
                        if (metric.Kind is OtlpMetricKind.Gauge or OtlpMetricKind.Summary) goto default;
                        var temporality = reader.ReadVarint64();
                        metric.Temporality = temporality <= 2 ? (AggregationTemporality)temporality : AggregationTemporality.Unspecified;
                        break;
                    case F.MetricData.IsMonotonic << 3 | Varint:
                        if (metric.Kind != OtlpMetricKind.Sum) goto default;
                        metric.IsMonotonic = reader.ReadBool();
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
                }
            }
        }
    }
}
