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
