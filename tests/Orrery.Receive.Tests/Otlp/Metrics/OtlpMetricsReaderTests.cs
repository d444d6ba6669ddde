using System.Text;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Metrics.V1;
using Orrery.Receive.Otlp;
using Orrery.Receive.Otlp.Metrics;
using Orrery.Signals.Metrics;
using static Orrery.Receive.Tests.Otlp.Metrics.MetricsSamples;
using AggregationTemporality = OpenTelemetry.Proto.Metrics.V1.AggregationTemporality;

namespace Orrery.Receive.Tests.Otlp.Metrics;

public class OtlpMetricsReaderTests
{
    /// <summary>Every metric kind, with attributes, exemplars, flags and both value types.</summary>
    private static ExportMetricsServiceRequest Everything()
    {
        var gaugePoint = Number(1.5, 1, Kv("host", "a"));
        var intPoint = new NumberDataPoint { AsInt = -7, TimeUnixNano = At(1), StartTimeUnixNano = T0, Flags = 0 };
        var counterPoint = Number(10, 1, Kv("route", "/x"));
        counterPoint.Exemplars.Add(Exemplar(1, 1, TraceIdBytes, SpanIdBytes, Kv("user", "u")));
        var histogramPoint = HistogramPoint([0.5, 1], [1, 2, 3], 9.5, 1, Kv("method", "GET"));
        histogramPoint.Exemplars.Add(Exemplar(0.7, 1, TraceIdBytes, SpanIdBytes));
        histogramPoint.Min = 0.1;
        histogramPoint.Max = 3;
        var exponentialPoint = ExponentialPoint(2, -1, [3, 0, 5], 12, 1);
        exponentialPoint.ZeroCount = 2;
        exponentialPoint.ZeroThreshold = 0.001;
        exponentialPoint.Count += 2;
        exponentialPoint.Negative = new ExponentialHistogramDataPoint.Types.Buckets { Offset = 4 };
        exponentialPoint.Negative.BucketCounts.Add(6);
        exponentialPoint.Count += 6;
        var summaryPoint = new SummaryDataPoint { TimeUnixNano = At(1), StartTimeUnixNano = T0, Count = 4, Sum = 10 };
        summaryPoint.QuantileValues.Add(new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.9, Value = 4 });
        var stale = Number(double.NaN, 2);
        stale.Flags = 1;
        return Request(
            Gauge("temperature", "Cel", gaugePoint, intPoint, stale),
            Sum("requests", "1", true, AggregationTemporality.Cumulative, counterPoint),
            Histogram("latency", "s", AggregationTemporality.Cumulative, histogramPoint),
            Exponential("size", "By", AggregationTemporality.Cumulative, exponentialPoint),
            Summary("rpc", "ms", summaryPoint));
    }

    [Fact]
    public void Protobuf_reader_fills_the_rows_of_every_metric_kind()
    {
        var data = new OtlpMetricsData();
        OtlpMetricsProtobufReader.Read(Everything().ToByteArray(), data);

        Assert.Equal(1, data.Resources.Count);
        Assert.Equal(3, data.ResourceAttributes.Count);
        Assert.Equal("test.scope", data.Bytes.GetString(data.Scopes[0].Name));
        Assert.Equal("1.2.3", data.Bytes.GetString(data.Scopes[0].Version));
        Assert.Equal(5, data.Metrics.Count);
        Assert.Equal(7, data.PointCount);

        var gauge = data.Metrics[0];
        Assert.Equal((OtlpMetricKind.Gauge, "temperature", "Cel", "temperature help"), (gauge.Kind, Str(data, gauge.Name), Str(data, gauge.Unit), Str(data, gauge.Description)));
        Assert.Equal(1.5, data.Points[gauge.Points.Start].Value);
        Assert.Equal(-7, data.Points[gauge.Points.Start + 1].Value);
        Assert.Equal(1u, data.Points[gauge.Points.Start + 2].Flags);
        Assert.Equal((long)At(1), data.Points[gauge.Points.Start].TimeUnixNano);
        Assert.Equal((long)T0, data.Points[gauge.Points.Start].StartTimeUnixNano);

        var sum = data.Metrics[1];
        Assert.Equal((OtlpMetricKind.Sum, Orrery.Receive.Otlp.Metrics.AggregationTemporality.Cumulative, true), (sum.Kind, sum.Temporality, sum.IsMonotonic));
        var exemplar = data.Exemplars[data.Points[sum.Points.Start].Exemplars.Start];
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", exemplar.TraceId.ToHex());
        Assert.Equal("b7ad6b7169203331", exemplar.SpanId.ToHex());
        Assert.Equal(1, exemplar.Attributes.Count);

        var histogram = data.Points[data.Metrics[2].Points.Start];
        Assert.Equal([0.5, 1], data.Bounds.AsSpan().Slice(histogram.ExplicitBounds.Start, histogram.ExplicitBounds.Count).ToArray());
        Assert.Equal([1UL, 2, 3], data.BucketCounts.AsSpan().Slice(histogram.BucketCounts.Start, histogram.BucketCounts.Count).ToArray());
        Assert.Equal((6UL, 9.5, true), (histogram.Count, histogram.Sum, histogram.HasSum));

        var exponential = data.Points[data.Metrics[3].Points.Start];
        Assert.Equal((2, -1, 4, 2UL, 0.001), (exponential.Scale, exponential.PositiveOffset, exponential.NegativeOffset, exponential.ZeroCount, exponential.ZeroThreshold));
        Assert.Equal([3UL, 0, 5], data.BucketCounts.AsSpan().Slice(exponential.BucketCounts.Start, exponential.BucketCounts.Count).ToArray());
        Assert.Equal([6UL], data.BucketCounts.AsSpan().Slice(exponential.NegativeBucketCounts.Start, exponential.NegativeBucketCounts.Count).ToArray());

        var summary = data.Points[data.Metrics[4].Points.Start];
        Assert.Equal((4UL, 10.0), (summary.Count, summary.Sum));
        Assert.Equal(0.9, data.Quantiles[summary.Quantiles.Start].Quantile);
    }

    [Fact]
    public void Json_and_protobuf_of_the_same_request_translate_identically()
    {
        var request = Everything();
        var fromProtobuf = TranslateBytes(request.ToByteArray(), json: false);
        var fromJson = TranslateBytes(Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(request)), json: true);

        Assert.NotEmpty(MetricBatchText.Samples(fromProtobuf));
        Assert.Equal(MetricBatchText.Samples(fromProtobuf), MetricBatchText.Samples(fromJson));
        Assert.Equal(MetricBatchText.Exemplars(fromProtobuf), MetricBatchText.Exemplars(fromJson));
        Assert.Equal(MetricBatchText.Metadata(fromProtobuf), MetricBatchText.Metadata(fromJson));
        Assert.Equal(
            fromProtobuf.Histograms.AsSpan().ToArray().Select(h => MetricBatchText.Histogram(fromProtobuf, h)),
            fromJson.Histograms.AsSpan().ToArray().Select(h => MetricBatchText.Histogram(fromJson, h)));
    }

    [Fact]
    public void Otlp_json_with_hex_ids_string_integers_and_enum_numbers_is_read()
    {
        const string json = """
            {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},
              "scopeMetrics":[{"scope":{"name":"s"},"metrics":[
                {"name":"calls","unit":"1","sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[
                  {"asInt":"5","timeUnixNano":"1704067201000000000","exemplars":[
                    {"asDouble":1,"timeUnixNano":"1704067201000000000","traceId":"0AF7651916CD43DD8448EB211C80319C","spanId":"b7ad6b7169203331"}]}]}},
                {"name":"h","exponentialHistogram":{"aggregationTemporality":"AGGREGATION_TEMPORALITY_CUMULATIVE","dataPoints":[
                  {"timeUnixNano":1704067201000000000,"count":"3","sum":2.5,"scale":-1,"positive":{"offset":-2,"bucketCounts":["1",2]}}]}}]}]}]}
            """;
        var batch = TranslateBytes(Encoding.UTF8.GetBytes(json), json: true);

        Assert.Contains($"calls_total{{job=\"api\", otel_scope_name=\"s\"}} 5 @{T0Ms + 1000}", MetricBatchText.Samples(batch));
        Assert.Contains("trace_id=\"0af7651916cd43dd8448eb211c80319c\"", Assert.Single(MetricBatchText.Exemplars(batch)));
        var histogram = Assert.Single(batch.Histograms.AsSpan().ToArray());
        Assert.Equal((-1, 3.0, 2.5), (histogram.Schema, histogram.Count, histogram.Sum));
        Assert.Equal("[-1:2][1,2]", MetricBatchText.Side(batch, histogram.PositiveSpans, histogram.PositiveBuckets));
    }

    [Fact]
    public void Metric_data_given_twice_keeps_the_last_member_as_protobuf_does()
    {
        // Two encodings of a Metric concatenated are one Metric merged: the oneof keeps the sum.
        var metricBytes = Gauge("m", "", Number(1, 1)).ToByteArray()
            .Concat(Sum("m", "", true, AggregationTemporality.Cumulative, Number(2, 1), Number(3, 2)).ToByteArray()).ToArray();
        var oracle = Metric.Parser.ParseFrom(metricBytes);
        var payload = Wrap(1, Wrap(2, Wrap(2, metricBytes)));
        var data = new OtlpMetricsData();
        OtlpMetricsProtobufReader.Read(payload, data);

        Assert.Equal(Metric.DataOneofCase.Sum, oracle.DataCase);
        var metric = Assert.Single(data.Metrics.AsSpan().ToArray());
        Assert.Equal(OtlpMetricKind.Sum, metric.Kind);
        Assert.Equal(oracle.Sum.DataPoints.Count, metric.Points.Count);
        Assert.Equal(oracle.Sum.DataPoints.Select(p => p.AsDouble), data.Points.AsSpan().Slice(metric.Points.Start, metric.Points.Count).ToArray().Select(p => p.Value));
    }

    /// <summary>A length-delimited field holding <paramref name="content"/>.</summary>
    private static byte[] Wrap(int field, byte[] content)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(content));
        output.Flush();
        return stream.ToArray();
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0x05, 0x12, 0x10 }, "malformed OTLP protobuf")]
    [InlineData(new byte[] { 0x0A }, "malformed OTLP protobuf")]
    public void Malformed_protobuf_throws_and_leaves_the_rows_as_they_were(byte[] payload, string message)
    {
        var data = new OtlpMetricsData();
        OtlpMetricsProtobufReader.Read(Request(Gauge("g", "", Number(1, 1))).ToByteArray(), data);
        var points = data.PointCount;

        var e = Assert.Throws<OtlpFormatException>(() => OtlpMetricsProtobufReader.Read(payload, data));
        Assert.Contains(message, e.Message);
        Assert.Equal(points, data.PointCount);
        Assert.Equal(1, data.Resources.Count);
    }

    [Theory]
    [InlineData("{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"g\",\"gauge\":{\"dataPoints\":[{\"asDouble\":\"x\"}]}}]}]}]}", "asDouble must be")]
    [InlineData("{\"resourceMetrics\":[", "malformed OTLP/JSON")]
    [InlineData("{\"resourceMetrics\":{}}", "must be an array")]
    public void Malformed_json_throws_naming_the_problem(string json, string message)
    {
        var data = new OtlpMetricsData();
        var e = Assert.Throws<OtlpFormatException>(() => OtlpMetricsJsonReader.Read(Encoding.UTF8.GetBytes(json), data));
        Assert.Contains(message, e.Message);
        Assert.Equal(0, data.Metrics.Count);
    }

    private static MetricBatch TranslateBytes(byte[] payload, bool json)
    {
        var data = new OtlpMetricsData();
        if (json) OtlpMetricsJsonReader.Read(payload, data);
        else OtlpMetricsProtobufReader.Read(payload, data);
        var batch = new MetricBatch();
        new PrometheusTranslator(new DeltaToCumulative()).Translate("default", data, batch);
        return batch;
    }

    private static string Str(OtlpMetricsData data, Orrery.Signals.Utf8Ref r) => data.Bytes.GetString(r);
}
