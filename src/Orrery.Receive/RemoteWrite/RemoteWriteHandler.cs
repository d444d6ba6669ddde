using System.Globalization;
using Microsoft.AspNetCore.Http;
using Orrery.Receive.Otlp;
using Orrery.Receive.Otlp.Grpc;
using Orrery.Receive.Otlp.Http;
using Orrery.Signals;
using Orrery.Signals.Metrics;
using Orrery.Signals.Protobuf;

namespace Orrery.Receive.RemoteWrite;

/// <summary>
/// Prometheus remote write 1.0: <c>POST /api/v1/write</c>, a snappy-compressed protobuf
/// <c>WriteRequest</c>. Answers as Prometheus does, since senders decide on retries from the
/// status: 204 when stored; 400 with a plain-text reason for anything resending cannot fix
/// (malformed body, bad snappy, invalid labels, samples the store refused — the rest of the
/// request is kept); 413 past the size limit; 5xx only when a retry may succeed.
/// </summary>
public sealed class RemoteWriteHandler(IMetricConsumer consumer, OtlpReceiveOptions options)
{
    public const string Path = "/api/v1/write";

    private readonly RemoteWriteBatchSizing _sizing = new();

    // Enough for the requests a sender usually keeps in flight (Prometheus: one per shard); more
    // at once allocate as before. A batch for a request over 1 MiB decoded (Prometheus sends
    // ~0.3 MiB for 2,000 samples) goes back to the GC, so a burst of huge requests is not kept.
    private readonly MetricBatchPool _batches = new(capacity: 8, maxArenaBytes: 1 << 20);

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await WriteTextAsync(context, StatusCodes.Status405MethodNotAllowed, "remote write takes POST").ConfigureAwait(false);
            return;
        }
        var contentType = request.ContentType ?? string.Empty;
        if (contentType.Contains("io.prometheus.write.v2.Request", StringComparison.OrdinalIgnoreCase))
        {
            await WriteTextAsync(context, StatusCodes.Status415UnsupportedMediaType, "remote write 2.0 (io.prometheus.write.v2.Request) is not supported; send remote write 1.0").ConfigureAwait(false);
            return;
        }
        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        if (encoding.Length > 0 && !encoding.Equals("snappy", StringComparison.OrdinalIgnoreCase))
        {
            await WriteTextAsync(context, StatusCodes.Status415UnsupportedMediaType, $"unsupported Content-Encoding '{encoding}': remote write bodies are snappy").ConfigureAwait(false);
            return;
        }
        var tenancy = Tenant.Resolve(request.Headers[Tenant.HeaderName].ToString(), options.MultiTenant, out var tenant, out var tenantError);
        if (tenancy != TenantResolution.Ok)
        {
            var status = tenancy == TenantResolution.Missing ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest;
            await WriteTextAsync(context, status, tenantError!).ConfigureAwait(false);
            return;
        }

        var limit = options.MaxRequestBytes;
        if (request.ContentLength > limit)
        {
            await TooLargeAsync(context, limit).ConfigureAwait(false);
            return;
        }
        using var body = await BoundedReader.ReadAsync(request.Body, limit, request.ContentLength, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await TooLargeAsync(context, limit).ConfigureAwait(false);
            return;
        }
        var outcome = await WriteAsync(tenant, body.Memory, limit, context.RequestAborted).ConfigureAwait(false);
        if (outcome.Status == StatusCodes.Status204NoContent)
        {
            context.Response.StatusCode = outcome.Status;
            return;
        }
        if (outcome.Status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = GrpcRetryInfo.RetryAfterSeconds(outcome.RetryAfter).ToString(CultureInfo.InvariantCulture);
        await WriteTextAsync(context, outcome.Status, outcome.Message!).ConfigureAwait(false);
    }

    /// <summary>Decodes and stores one compressed request; the HTTP status and message to answer with.</summary>
    public async ValueTask<RemoteWriteOutcome> WriteAsync(string tenant, ReadOnlyMemory<byte> compressed, long limit, CancellationToken cancellationToken)
    {
        if (!SnappyBlock.TryReadDecodedLength(compressed.Span, out var decodedLength))
            return new RemoteWriteOutcome(StatusCodes.Status400BadRequest, "snappy: corrupt input");
        if (decodedLength > (ulong)Math.Min(limit, Array.MaxLength))
            return new RemoteWriteOutcome(StatusCodes.Status413PayloadTooLarge, $"request body exceeds the limit of {limit} bytes (counted after decompression)");
        // Snappy inflates straight into the batch's arena and the labels stay there: the
        // request's only copy of its strings is the one the batch keeps.
        var batch = _batches.TryRent(out var reused) ? reused : _sizing.Create((int)decodedLength);
        var payload = batch.Bytes.Reserve((int)decodedLength, out var payloadRef);
        if (!SnappyBlock.TryDecode(compressed.Span, payload))
        {
            _batches.Return(batch);
            return new RemoteWriteOutcome(StatusCodes.Status400BadRequest, "snappy: corrupt input");
        }

        RemoteWriteDecodeResult decoded;
        try
        {
            decoded = RemoteWriteReader.ReadInPlace(batch, payloadRef);
            _sizing.Observe(batch, (int)decodedLength);
        }
        catch (ProtobufFormatException e)
        {
            _batches.Return(batch);
            return new RemoteWriteOutcome(StatusCodes.Status400BadRequest, $"malformed remote write request: {e.Message}");
        }

        var written = MetricWriteResult.AllAccepted(batch) with { BatchReleased = true };
        if (batch.SampleCount > 0 || batch.Exemplars.Count > 0 || batch.Metadata.Count > 0)
        {
            try
            {
                written = await consumer.ConsumeAsync(tenant, batch, cancellationToken).ConfigureAwait(false);
            }
            catch (ConsumerRejectedException e)
            {
                return new RemoteWriteOutcome(e.Retryable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest, e.Message) { RetryAfter = e.RetryAfter };
            }
            catch (ObjectDisposedException)
            {
                return new RemoteWriteOutcome(StatusCodes.Status503ServiceUnavailable, "server is shutting down");
            }
        }

        // Refused whole (above), the batch is left to the GC: a stage may have kept it.
        if (written.BatchReleased) _batches.Return(batch);

        string? message = null;
        if (decoded.RejectedSamples > 0)
            message = $"{decoded.RejectedSamples} samples with invalid labels or histograms rejected, first: {decoded.ErrorMessage}";
        // Refused exemplars alone do not fail the request: Prometheus only logs them.
        if (written.RejectedSamples > 0)
        {
            var store = written.ErrorMessage ?? $"{written.RejectedSamples} samples and {written.RejectedExemplars} exemplars rejected";
            message = message is null ? store : message + "; " + store;
        }
        return message is null
            ? new RemoteWriteOutcome(StatusCodes.Status204NoContent, null)
            : new RemoteWriteOutcome(StatusCodes.Status400BadRequest, message);
    }

    private static Task TooLargeAsync(HttpContext context, long limit) =>
        WriteTextAsync(context, StatusCodes.Status413PayloadTooLarge, $"request body exceeds the limit of {limit} bytes");

    private static Task WriteTextAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }
}

/// <summary>The answer to a remote write: an HTTP status and, unless 204, a plain-text reason.</summary>
public readonly record struct RemoteWriteOutcome(int Status, string? Message)
{
    /// <summary>How long the refusing stage asked the client to wait (the memory limiter's estimate), for Retry-After.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
