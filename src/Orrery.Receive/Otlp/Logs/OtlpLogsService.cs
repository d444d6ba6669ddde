using Orrery.Signals;
using Orrery.Signals.Logs;

namespace Orrery.Receive.Otlp.Logs;

/// <summary>
/// The OTLP logs export service every transport (gRPC, HTTP protobuf/JSON) adapts: decodes the
/// payload into a <see cref="LogBatch"/> (Loki's model, see <see cref="OtlpLogsMapper"/>), hands
/// it to the pipeline and reports partial success: the records rejected while decoding plus
/// those the consumer refused, with the first reason. It answers only once the consumer
/// completed, i.e. once the accepted lines are in the write-ahead log.
/// </summary>
public sealed class OtlpLogsService(ILogConsumer consumer, OtlpLogsMapper mapper, TimeProvider? time = null) : IOtlpExportService
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public OtlpSignal Signal => OtlpSignal.Logs;

    public async ValueTask<OtlpExportResult> ExportAsync(
        string tenant,
        OtlpPayloadFormat format,
        ReadOnlyMemory<byte> payload,
        string transport,
        CancellationToken cancellationToken)
    {
        var batch = new LogBatch();
        var now = (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
        OtlpLogsDecodeResult decoded;
        try
        {
            decoded = format == OtlpPayloadFormat.Protobuf
                ? OtlpLogsProtobufReader.Read(payload.Span, batch, mapper, now)
                : OtlpLogsJsonReader.Read(payload.Span, batch, mapper, now);
        }
        catch (OtlpFormatException e)
        {
            return new OtlpExportResult(OtlpExportStatus.Malformed, 0, 0, e.Message);
        }

        if (batch.Count == 0)
            return new OtlpExportResult(OtlpExportStatus.Ok, 0, decoded.RejectedRecords, decoded.ErrorMessage);

        var accepted = batch.Count;
        LogWriteResult written;
        try
        {
            written = await consumer.ConsumeAsync(tenant, batch, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsumerRejectedException e)
        {
            var status = e.Retryable ? OtlpExportStatus.Unavailable : OtlpExportStatus.Refused;
            return new OtlpExportResult(status, 0, accepted + decoded.RejectedRecords, e.Message) { RetryAfter = e.RetryAfter };
        }
        catch (ObjectDisposedException)
        {
            // The store closes after the server stops taking requests; a straggler gets a retryable answer.
            return new OtlpExportResult(OtlpExportStatus.Unavailable, 0, accepted + decoded.RejectedRecords, "server is shutting down");
        }
        var rejected = decoded.RejectedRecords + written.RejectedLines;
        return new OtlpExportResult(OtlpExportStatus.Ok, written.AcceptedLines, rejected, JoinMessages(decoded.ErrorMessage, written.ErrorMessage));
    }

    private static string? JoinMessages(string? decoding, string? store) =>
        decoding is null ? store : store is null ? decoding : $"{decoding}; {store}";
}
