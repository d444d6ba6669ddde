using System.Text;
using Google.Protobuf;
using Orrery.Receive.Otlp;
using Orrery.Receive.Otlp.Logs;
using Orrery.Signals;
using static Orrery.Receive.Tests.Otlp.Logs.OtlpLogSamples;
using static Orrery.Receive.Tests.Otlp.OtlpSamples;

namespace Orrery.Receive.Tests.Otlp.Logs;

public sealed class OtlpLogsServiceTests
{
    private readonly RecordingLogConsumer _consumer = new();

    private OtlpLogsService Service() => new(_consumer, OtlpLogsMapper.Default);

    [Fact]
    public async Task Decodes_and_hands_the_batch_to_the_consumer()
    {
        var payload = Request(CheckoutResource(), Scope(), FullRecord(), Record(Str("second"))).ToByteArray();

        var result = await Service().ExportAsync("acme", OtlpPayloadFormat.Protobuf, payload, "http", default);

        Assert.Equal(new OtlpExportResult(OtlpExportStatus.Ok, 2, 0, null), result);
        var (tenant, lines) = Assert.Single(_consumer.Batches);
        Assert.Equal("acme", tenant);
        Assert.Equal(["payment declined", "second"], lines.Select(l => l.Line));
        Assert.Equal(OtlpSignal.Logs, Service().Signal);
    }

    [Fact]
    public async Task Reports_records_rejected_while_decoding_and_by_the_store_together()
    {
        var bad = Record(Str("bad id"));
        bad.SpanId = ByteString.CopyFrom(1, 2, 3);
        _consumer.RejectLinesContaining = "too long";
        var payload = Request(CheckoutResource(), null, Record(Str("fine")), bad, Record(Str("too long"))).ToByteArray();

        var result = await Service().ExportAsync("default", OtlpPayloadFormat.Protobuf, payload, "grpc", default);

        Assert.Equal(OtlpExportStatus.Ok, result.Status);
        Assert.Equal(1, result.Accepted);
        Assert.Equal(2, result.Rejected);
        Assert.Equal(
            "1 log record rejected: resource_logs[0].scope_logs[0].log_records[1]: span_id has 3 bytes, want 8 (or none); 1 lines longer than the limit",
            result.ErrorMessage);
        Assert.Equal(["fine"], _consumer.Stored.Select(l => l.Line));
    }

    [Fact]
    public async Task Malformed_json_is_reported_with_its_offset()
    {
        var result = await Service().ExportAsync("default", OtlpPayloadFormat.Json, Encoding.UTF8.GetBytes("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":true}]}]}]}"), "http", default);

        Assert.Equal(OtlpExportStatus.Malformed, result.Status);
        Assert.Equal("invalid OTLP/JSON at byte 62: timeUnixNano must be an unsigned 64-bit integer (number or string), found a boolean", result.ErrorMessage);
        Assert.Empty(_consumer.Batches);
    }

    [Theory]
    [InlineData(true, OtlpExportStatus.Unavailable)]
    [InlineData(false, OtlpExportStatus.Refused)]
    public async Task A_refused_batch_is_retryable_or_not_as_the_consumer_says(bool retryable, OtlpExportStatus expected)
    {
        _consumer.Throw = new ConsumerRejectedException("head is full", retryable);
        var payload = Request(CheckoutResource(), null, Record(Str("a")), Record(Str("b"))).ToByteArray();

        var result = await Service().ExportAsync("default", OtlpPayloadFormat.Protobuf, payload, "http", default);

        Assert.Equal(new OtlpExportResult(expected, 0, 2, "head is full"), result);
    }

    [Fact]
    public async Task Records_without_any_time_get_the_receive_time()
    {
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_123));
        var service = new OtlpLogsService(_consumer, OtlpLogsMapper.Default, clock);
        var payload = Request(CheckoutResource(), null, Record(Str("a"), time: 0)).ToByteArray();

        await service.ExportAsync("default", OtlpPayloadFormat.Protobuf, payload, "http", default);

        Assert.Equal(1_750_000_000_123_000_000L, Assert.Single(_consumer.Stored).TimestampNs);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
