using System.Text;
using Google.Protobuf;
using Orrery.Receive.Otlp;
using Orrery.Receive.Otlp.Metrics;
using Orrery.Signals;
using static Orrery.Receive.Tests.Otlp.Metrics.MetricsSamples;
using AggregationTemporality = OpenTelemetry.Proto.Metrics.V1.AggregationTemporality;

namespace Orrery.Receive.Tests.Otlp.Metrics;

public sealed class OtlpMetricsServiceTests
{
    private readonly RecordingMetricConsumer _consumer = new();
    private readonly OtlpMetricsService _service;

    public OtlpMetricsServiceTests() => _service = new OtlpMetricsService(_consumer, new DeltaToCumulative());

    [Fact]
    public async Task Export_translates_and_hands_the_batch_to_the_consumer_for_the_tenant()
    {
        var request = Request(Gauge("g", "", Number(1, 1)), Sum("c", "", true, AggregationTemporality.Cumulative, Number(2, 1)));

        var result = await _service.ExportAsync("team-a", OtlpPayloadFormat.Protobuf, request.ToByteArray(), "http", default);

        Assert.Equal(new OtlpExportResult(OtlpExportStatus.Ok, 2, 0, null), result);
        var (tenant, batch) = Assert.Single(_consumer.Batches);
        Assert.Equal("team-a", tenant);
        Assert.Equal(2, batch.Samples.Count);
        Assert.Equal(OtlpSignal.Metrics, _service.Signal);
    }

    [Fact]
    public async Task A_batch_the_pipeline_gives_back_serves_the_next_export_with_only_that_exports_samples()
    {
        var releasing = new ReleasingMetricConsumer();
        var service = new OtlpMetricsService(releasing, new DeltaToCumulative());
        var small = Request(Gauge("a", "", Number(1, 1)));
        var big = Request(Gauge("b", "", [.. Enumerable.Range(0, 300).Select(i => Number(i, 2, Kv("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture))))]));
        var other = Request(Gauge("c", "", Number(7, 5)));

        foreach (var request in new[] { small, big, other })
        {
            var result = await service.ExportAsync("default", OtlpPayloadFormat.Protobuf, request.ToByteArray(), "grpc", default);
            Assert.Equal(OtlpExportStatus.Ok, result.Status);
        }

        // One batch, cleared between exports: each consumer call saw exactly what a fresh service hands over for that export.
        Assert.Single(releasing.Batches.Distinct());
        Assert.Equal(300, releasing.Seen[1].Count);
        var fresh = new List<List<string>>();
        foreach (var request in new[] { small, big, other })
        {
            var recording = new RecordingMetricConsumer();
            await new OtlpMetricsService(recording, new DeltaToCumulative()).ExportAsync("default", OtlpPayloadFormat.Protobuf, request.ToByteArray(), "grpc", default);
            fresh.Add(MetricBatchText.Samples(Assert.Single(recording.Batches).Batch));
        }
        Assert.Equal(fresh, releasing.Seen);
    }

    [Fact]
    public async Task A_batch_a_stage_keeps_is_never_written_again_and_a_malformed_export_spoils_nothing()
    {
        await _service.ExportAsync("default", OtlpPayloadFormat.Protobuf, Request(Gauge("a", "", Number(1, 1))).ToByteArray(), "http", default);
        var malformed = await _service.ExportAsync("default", OtlpPayloadFormat.Protobuf, new byte[] { 0x0A, 0xFF }, "http", default);
        await _service.ExportAsync("default", OtlpPayloadFormat.Protobuf, Request(Gauge("b", "", Number(2, 2))).ToByteArray(), "http", default);

        // The recording consumer keeps its batches (and does not say they are released).
        Assert.Equal(OtlpExportStatus.Malformed, malformed.Status);
        Assert.Equal(2, _consumer.Batches.Count);
        Assert.NotSame(_consumer.Batches[0].Batch, _consumer.Batches[1].Batch);
        var first = Assert.Single(MetricBatchText.Samples(_consumer.Batches[0].Batch));
        var second = Assert.Single(MetricBatchText.Samples(_consumer.Batches[1].Batch));
        Assert.True(first.StartsWith("a{", StringComparison.Ordinal) && first.EndsWith($" 1 @{At(1) / 1_000_000}", StringComparison.Ordinal), first);
        Assert.True(second.StartsWith("b{", StringComparison.Ordinal) && second.EndsWith($" 2 @{At(2) / 1_000_000}", StringComparison.Ordinal), second);
    }

    [Fact]
    public async Task Json_payloads_are_accepted()
    {
        var json = JsonFormatter.Default.Format(Request(Gauge("g", "", Number(1, 1))));

        var result = await _service.ExportAsync("default", OtlpPayloadFormat.Json, Encoding.UTF8.GetBytes(json), "http", default);

        Assert.Equal(OtlpExportStatus.Ok, result.Status);
        Assert.Equal(1, result.Accepted);
    }

    [Fact]
    public async Task Invalid_points_are_a_partial_success()
    {
        var request = Request(Histogram("h", "", AggregationTemporality.Cumulative, HistogramPoint([1], [1, 1], 1, 1), HistogramPoint([1], [1], 1, 1)));

        var result = await _service.ExportAsync("default", OtlpPayloadFormat.Protobuf, request.ToByteArray(), "grpc", default);

        Assert.Equal(OtlpExportStatus.Ok, result.Status);
        Assert.Equal((1, 1), (result.Accepted, result.Rejected));
        Assert.Contains("1 bucket counts do not fit 1 explicit bounds", result.ErrorMessage);
        Assert.Single(_consumer.Batches);
    }

    [Fact]
    public async Task Samples_refused_by_the_store_are_reported_with_its_message()
    {
        _consumer.RejectSamples = 1;
        _consumer.RejectMessage = "1 out-of-order samples rejected, first: g{} @1000";
        var request = Request(Gauge("g", "", Number(1, 1), Number(2, 2)));

        var result = await _service.ExportAsync("default", OtlpPayloadFormat.Protobuf, request.ToByteArray(), "grpc", default);

        Assert.Equal(new OtlpExportResult(OtlpExportStatus.Ok, 1, 1, "1 out-of-order samples rejected, first: g{} @1000"), result);
    }

    [Theory]
    [InlineData(true, OtlpExportStatus.Unavailable)]
    [InlineData(false, OtlpExportStatus.Refused)]
    public async Task A_refused_batch_is_retryable_only_when_the_consumer_says_so(bool retryable, OtlpExportStatus expected)
    {
        _consumer.Throw = new ConsumerRejectedException("over the limit", retryable);

        var result = await _service.ExportAsync("default", OtlpPayloadFormat.Protobuf, Request(Gauge("g", "", Number(1, 1))).ToByteArray(), "grpc", default);

        Assert.Equal(new OtlpExportResult(expected, 0, 1, "over the limit"), result);
    }

    [Fact]
    public async Task Malformed_payload_is_reported_and_nothing_is_stored()
    {
        var result = await _service.ExportAsync("default", OtlpPayloadFormat.Protobuf, new byte[] { 0x0A, 0x10 }, "grpc", default);

        Assert.Equal(OtlpExportStatus.Malformed, result.Status);
        Assert.Contains("malformed OTLP protobuf ExportMetricsServiceRequest", result.ErrorMessage);
        Assert.Empty(_consumer.Batches);
    }
}
