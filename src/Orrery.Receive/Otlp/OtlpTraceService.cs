using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Receive.Otlp;

/// <summary>
/// The one OTLP trace export service that every transport (gRPC, HTTP protobuf/JSON) adapts:
/// decodes the payload into a <see cref="SpanBatch"/>, hands it to the pipeline and reports
/// partial success. It answers only once the consumer completed, i.e. once the spans are in
/// the write-ahead log, so an acknowledged export is never lost.
/// </summary>
public sealed class OtlpTraceService(ITraceConsumer consumer) : IOtlpExportService
{
    public OtlpSignal Signal => OtlpSignal.Traces;

    public async ValueTask<OtlpExportResult> ExportAsync(
        string tenant,
        OtlpPayloadFormat format,
        ReadOnlyMemory<byte> payload,
        string transport,
        CancellationToken cancellationToken)
    {
        var batch = new SpanBatch();
        OtlpDecodeResult decoded;
        try
        {
            decoded = format == OtlpPayloadFormat.Protobuf
                ? OtlpTraceProtobufReader.Read(payload.Span, batch)
                : OtlpTraceJsonReader.Read(payload.Span, batch);
        }
        catch (OtlpFormatException e)
        {
            return new OtlpExportResult(OtlpExportStatus.Malformed, 0, 0, e.Message);
        }
        if (batch.Count == 0)
            return new OtlpExportResult(OtlpExportStatus.Ok, 0, decoded.RejectedSpans, decoded.ErrorMessage);

        var accepted = batch.Count;
        try
        {
            await consumer.ConsumeAsync(tenant, batch, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsumerRejectedException e)
        {
            var status = e.Retryable ? OtlpExportStatus.Unavailable : OtlpExportStatus.Refused;
            return new OtlpExportResult(status, 0, accepted + decoded.RejectedSpans, e.Message) { RetryAfter = e.RetryAfter };
        }
        catch (ObjectDisposedException)
        {
            // The store closes after the server stops taking requests; a straggler gets a retryable answer.
            return new OtlpExportResult(OtlpExportStatus.Unavailable, 0, accepted + decoded.RejectedSpans, "server is shutting down");
        }
        return new OtlpExportResult(OtlpExportStatus.Ok, accepted, decoded.RejectedSpans, decoded.ErrorMessage);
    }
}
