using System.Text.Json;
using Orrery.Receive.Otlp.Common;
using Orrery.Signals;

namespace Orrery.Receive.Otlp.Metrics;

/// <summary>
/// Decodes an OTLP/JSON <c>ExportMetricsServiceRequest</c> into <see cref="OtlpMetricsData"/>
/// rows with a <see cref="Utf8JsonReader"/> over the payload (no DOM), following the OTLP/JSON
/// rules of <see cref="OtlpCommonJson"/>: lowerCamelCase (or snake_case) names, 64-bit integers as
/// strings or numbers, enums as integers or names, trace and span ids as hex.
/// </summary>
/// <remarks>
/// Same rows as <see cref="OtlpMetricsProtobufReader"/>, so both formats share one translation.
/// Malformed JSON or a value of the wrong type throws <see cref="OtlpFormatException"/> naming
/// the byte offset and leaves <c>destination</c> as it was.
/// </remarks>
public static partial class OtlpMetricsJsonReader
{
    private static readonly byte[][] TemporalityNames =
    [
        "AGGREGATION_TEMPORALITY_UNSPECIFIED"u8.ToArray(), "AGGREGATION_TEMPORALITY_DELTA"u8.ToArray(), "AGGREGATION_TEMPORALITY_CUMULATIVE"u8.ToArray(),
    ];

    public static void Read(ReadOnlySpan<byte> utf8Json, OtlpMetricsData destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var mark = new OtlpMetricsDataMark(destination);
        using var decoder = new Decoder(destination);
        try
        {
            decoder.Decode(utf8Json, "resourceMetrics"u8, "resource_metrics"u8, "resourceMetrics");
        }
        catch (OtlpFormatException)
        {
            mark.Restore(destination);
            throw;
        }
    }

    private sealed partial class Decoder(OtlpMetricsData data) : OtlpCommonJson(data.Bytes)
    {
        private readonly OtlpMetricsData _data = data;

        // ResourceMetrics { "resource": Resource, "scopeMetrics": [ScopeMetrics], "schemaUrl": string }
        protected override void ReadResourceEntry(ref Utf8JsonReader reader)
        {
            ExpectObject(ref reader, "resourceMetrics[]");
            var row = _data.Resources.Count;
            _data.Resources.Add();
            var attributeStart = _data.ResourceAttributes.Count;
            while (NextProperty(ref reader, out var name))
            {
                if (Is(name, "resource"u8, "resource"u8))
                {
                    uint dropped = 0;
                    ReadResource(ref reader, _data.ResourceAttributes, ref dropped);
                }
                else if (Is(name, "scopeMetrics"u8, "scope_metrics"u8))
                {
                    ExpectArray(ref reader, "scopeMetrics");
                    while (NextElement(ref reader)) ReadScopeMetrics(ref reader, row);
                }
                else
                {
                    reader.Skip();
                }
            }
            _data.Resources[row].Attributes = new RowRange(attributeStart, _data.ResourceAttributes.Count - attributeStart);
        }

        // ScopeMetrics { "scope": InstrumentationScope, "metrics": [Metric], "schemaUrl": string }
        private void ReadScopeMetrics(ref Utf8JsonReader reader, int resourceRow)
        {
            ExpectObject(ref reader, "scopeMetrics[]");
            var row = _data.Scopes.Count;
            _data.Scopes.Add().Resource = resourceRow;
            var attributeStart = _data.ScopeAttributes.Count;
            while (NextProperty(ref reader, out var name))
            {
                if (Is(name, "scope"u8, "scope"u8))
                {
                    var fields = new OtlpScopeFields();
                    ReadScope(ref reader, _data.ScopeAttributes, ref fields);
                    _data.Scopes[row].Name = fields.Name;
                    _data.Scopes[row].Version = fields.Version;
                }
                else if (Is(name, "metrics"u8, "metrics"u8))
                {
                    ExpectArray(ref reader, "metrics");
                    while (NextElement(ref reader)) ReadMetric(ref reader, row);
                }
                else
                {
                    reader.Skip();
                }
            }
            _data.Scopes[row].Attributes = new RowRange(attributeStart, _data.ScopeAttributes.Count - attributeStart);
        }

        // Metric { "name", "description", "unit", one of "gauge" | "sum" | "histogram" | "exponentialHistogram" | "summary", "metadata" }
        private void ReadMetric(ref Utf8JsonReader reader, int scopeRow)
        {
            ExpectObject(ref reader, "metrics[]");
            var metric = new OtlpMetricRow { Scope = scopeRow };
            var pointStart = _data.Points.Count;
            while (NextProperty(ref reader, out var name))
            {
                OtlpMetricKind kind;
                if (Is(name, "name"u8, "name"u8))
                {
                    metric.Name = ReadString(ref reader, "name");
                    continue;
                }
                if (Is(name, "description"u8, "description"u8))
                {
                    metric.Description = ReadString(ref reader, "description");
                    continue;
                }
                if (Is(name, "unit"u8, "unit"u8))
                {
                    metric.Unit = ReadString(ref reader, "unit");
                    continue;
                }
                if (Is(name, "gauge"u8, "gauge"u8)) kind = OtlpMetricKind.Gauge;
                else if (Is(name, "sum"u8, "sum"u8)) kind = OtlpMetricKind.Sum;
                else if (Is(name, "histogram"u8, "histogram"u8)) kind = OtlpMetricKind.Histogram;
                else if (Is(name, "exponentialHistogram"u8, "exponential_histogram"u8)) kind = OtlpMetricKind.ExponentialHistogram;
                else if (Is(name, "summary"u8, "summary"u8)) kind = OtlpMetricKind.Summary;
                else
                {
                    reader.Skip();
                    continue;
                }
                _data.Points.Truncate(pointStart);
                metric.Kind = kind;
                metric.Temporality = AggregationTemporality.Unspecified;
                metric.IsMonotonic = false;
                ReadMetricData(ref reader, ref metric);
            }
            metric.Points = new RowRange(pointStart, _data.Points.Count - pointStart);
            _data.Metrics.Add(in metric);
        }

        // Gauge | Sum | Histogram | ExponentialHistogram | Summary
        //   { "dataPoints": [...], "aggregationTemporality": enum, "isMonotonic": bool }
        private void ReadMetricData(ref Utf8JsonReader reader, ref OtlpMetricRow metric)
        {
            ExpectObject(ref reader, "metric data");
            while (NextProperty(ref reader, out var name))
            {
                if (Is(name, "dataPoints"u8, "data_points"u8))
                {
                    ExpectArray(ref reader, "dataPoints");
                    while (NextElement(ref reader))
                    {
                        switch (metric.Kind)
                        {
                            case OtlpMetricKind.Gauge:
                            case OtlpMetricKind.Sum:
                                ReadNumberPoint(ref reader);
                                break;
                            case OtlpMetricKind.Histogram:
                                ReadHistogramPoint(ref reader);
                                break;
                            case OtlpMetricKind.ExponentialHistogram:
                                ReadExponentialHistogramPoint(ref reader);
                                break;
                            default:
                                ReadSummaryPoint(ref reader);
                                break;
                        }
                    }
                }
                else if (Is(name, "aggregationTemporality"u8, "aggregation_temporality"u8) && metric.Kind is not (OtlpMetricKind.Gauge or OtlpMetricKind.Summary))
                {
                    var temporality = ReadEnum(ref reader, "aggregationTemporality", TemporalityNames);
                    metric.Temporality = temporality <= 2 ? (AggregationTemporality)temporality : AggregationTemporality.Unspecified;
                }
                else if (Is(name, "isMonotonic"u8, "is_monotonic"u8) && metric.Kind == OtlpMetricKind.Sum)
                {
                    metric.IsMonotonic = ReadBool(ref reader, "isMonotonic");
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }
}
