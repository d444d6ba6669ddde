using Orrery.Signals;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Otlp.Metrics;

/// <summary>
/// The OTLP metrics export service every transport adapts (gRPC <c>MetricsService/Export</c>,
/// HTTP <c>POST /v1/metrics</c>, protobuf and JSON): decodes, translates to Prometheus's model,
/// hands the batch to the metrics pipeline and reports partial success. It answers once the
/// consumer completed, i.e. once the samples are in the write-ahead log.
/// </summary>
/// <remarks>
/// Rejected data points (invalid ones, and those whose samples the store refused) are reported
/// as <c>rejected_data_points</c> with the reasons. The store counts samples, not OTLP points
/// (a histogram point is many samples), so a store refusal is reported as the number of
/// samples refused, capped at the points sent: an approximation that never reports zero when
/// something was lost.
/// </remarks>
public sealed class OtlpMetricsService(IMetricConsumer consumer, DeltaToCumulative deltas) : IOtlpExportService
{
    private readonly PrometheusTranslator _translator = new(deltas);

    // As remote write's (RemoteWriteHandler): a steady exporter's requests reuse the decoded
    // request and the batch instead of allocating both, large-object-heap tables included.
    private readonly OtlpMetricsDataPool _requests = new(capacity: 8, maxArenaBytes: 1 << 20);
    private readonly MetricBatchPool _batches = new(capacity: 8, maxArenaBytes: 1 << 20);

    public OtlpSignal Signal => OtlpSignal.Metrics;

    public async ValueTask<OtlpExportResult> ExportAsync(
        string tenant,
        OtlpPayloadFormat format,
        ReadOnlyMemory<byte> payload,
        string transport,
        CancellationToken cancellationToken)
    {
        var data = _requests.TryRent(out var reusedData) ? reusedData : new OtlpMetricsData();
        MetricBatch batch;
        TranslationResult translated;
        try
        {
            try
            {
                if (format == OtlpPayloadFormat.Protobuf) OtlpMetricsProtobufReader.Read(payload.Span, data);
                else OtlpMetricsJsonReader.Read(payload.Span, data);
            }
            catch (OtlpFormatException e)
            {
                return new OtlpExportResult(OtlpExportStatus.Malformed, 0, 0, e.Message);
            }
            batch = _batches.TryRent(out var reusedBatch) ? reusedBatch : new MetricBatch();
            translated = _translator.Translate(tenant, data, batch);
        }
        finally
        {
            // Translated, the request is done with: the batch holds its own copies.
            _requests.Return(data);
        }
        if (batch.SampleCount == 0)
        {
            _batches.Return(batch);
            return new OtlpExportResult(OtlpExportStatus.Ok, 0, translated.RejectedPoints, translated.ErrorMessage);
        }

        MetricWriteResult written;
        try
        {
            written = await consumer.ConsumeAsync(tenant, batch, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsumerRejectedException e)
        {
            var status = e.Retryable ? OtlpExportStatus.Unavailable : OtlpExportStatus.Refused;
            return new OtlpExportResult(status, 0, translated.AcceptedPoints + translated.RejectedPoints, e.Message) { RetryAfter = e.RetryAfter };
        }
        catch (ObjectDisposedException)
        {
            // The store closes after the server stops taking requests; a straggler gets a retryable answer.
            return new OtlpExportResult(OtlpExportStatus.Unavailable, 0, translated.AcceptedPoints + translated.RejectedPoints, "server is shutting down");
        }

        // Refused whole (above), the batch is left to the GC: a stage may have kept it.
        if (written.BatchReleased) _batches.Return(batch);

        if (written.RejectedSamples == 0 && written.RejectedExemplars == 0)
            return new OtlpExportResult(OtlpExportStatus.Ok, translated.AcceptedPoints, translated.RejectedPoints, translated.ErrorMessage);
        var refused = Math.Min(written.RejectedSamples, translated.AcceptedPoints);
        var message = Combine(translated.ErrorMessage, written.ErrorMessage ?? $"{written.RejectedSamples} samples rejected by the store");
        return new OtlpExportResult(OtlpExportStatus.Ok, translated.AcceptedPoints - refused, translated.RejectedPoints + refused, message);
    }

    private static string Combine(string? first, string second) => first is null ? second : first + "; " + second;
}
