using System.Globalization;
using Microsoft.AspNetCore.Http;
using Orrery.Receive.Otlp;
using Orrery.Receive.Otlp.Grpc;
using Orrery.Receive.Otlp.Http;
using Orrery.Signals;
using Orrery.Signals.Logs;

namespace Orrery.Receive.Loki;

/// <summary>
/// Loki's push API, <c>POST /loki/api/v1/push</c>: JSON (<c>Content-Type: application/json</c>,
/// gzip or deflate allowed) or, for any other content type as in Loki, snappy-compressed protobuf. Answers
/// as Loki does: 204 once the lines are durable; 400 with a plain-text reason for a malformed
/// body, invalid stream labels or lines the store refused (the valid rest is kept); 401 without a
/// tenant when multi-tenancy is on; 413 past <see cref="OtlpReceiveOptions.MaxRequestBytes"/>
/// (counted after decompression); 503 when the store asks to retry.
/// </summary>
public sealed class LokiPushHandler(ILogConsumer consumer, OtlpReceiveOptions options)
{
    public const string Path = "/loki/api/v1/push";

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var tenancy = Tenant.Resolve(request.Headers[Tenant.HeaderName].ToString(), options.MultiTenant, out var tenant, out var tenantError);
        if (tenancy != TenantResolution.Ok)
        {
            await WriteAsync(context, tenancy == TenantResolution.Missing ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest, tenantError!).ConfigureAwait(false);
            return;
        }
        var read = await LokiPushBody.ReadAsync(request, options.MaxRequestBytes, context.RequestAborted).ConfigureAwait(false);
        if (read.Buffer is null)
        {
            await WriteAsync(context, read.HttpStatus, read.Error!).ConfigureAwait(false);
            return;
        }

        var batch = new LogBatch();
        LokiPushDecodeResult decoded;
        using (var body = read.Buffer)
        {
            try
            {
                decoded = IsJson(request.ContentType)
                    ? LokiPushJsonReader.Read(body.Memory.Span, batch)
                    : LokiPushProtobufReader.Read(LokiSnappy.Decode(body.Memory.Span, options.MaxRequestBytes), batch);
            }
            catch (LokiPushFormatException e)
            {
                await WriteAsync(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
                return;
            }
            catch (LokiPushTooLargeException e)
            {
                await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, e.Message).ConfigureAwait(false);
                return;
            }
        }

        var (status, message, retryAfter) = await StoreAsync(tenant, batch, decoded, context.RequestAborted).ConfigureAwait(false);
        if (status == StatusCodes.Status204NoContent)
        {
            context.Response.StatusCode = status;
            return;
        }
        if (status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = GrpcRetryInfo.RetryAfterSeconds(retryAfter).ToString(CultureInfo.InvariantCulture);
        await WriteAsync(context, status, message!).ConfigureAwait(false);
    }

    private async ValueTask<(int Status, string? Message, TimeSpan? RetryAfter)> StoreAsync(string tenant, LogBatch batch, LokiPushDecodeResult decoded, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
            return decoded.ErrorMessage is null ? (StatusCodes.Status204NoContent, null, null) : (StatusCodes.Status400BadRequest, decoded.ErrorMessage, null);
        LogWriteResult written;
        try
        {
            written = await consumer.ConsumeAsync(tenant, batch, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsumerRejectedException e)
        {
            return (e.Retryable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest, e.Message, e.RetryAfter);
        }
        catch (ObjectDisposedException)
        {
            // The store closes after the server stops taking requests; a straggler gets a retryable answer.
            return (StatusCodes.Status503ServiceUnavailable, "server is shutting down", null);
        }
        if (decoded.ErrorMessage is null && written.RejectedLines == 0) return (StatusCodes.Status204NoContent, null, null);
        var parts = new List<string>(2);
        if (decoded.ErrorMessage is not null) parts.Add($"{decoded.RejectedLines} lines dropped for invalid labels: {decoded.ErrorMessage}");
        if (written.RejectedLines > 0) parts.Add($"{written.RejectedLines} of {batch.Count} lines rejected: {written.ErrorMessage}");
        return (StatusCodes.Status400BadRequest, string.Join("; ", parts), null);
    }

    private static bool IsJson(string? contentType)
    {
        var mediaType = (contentType ?? string.Empty).AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0) mediaType = mediaType[..semicolon];
        return mediaType.Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }

    private static Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }
}
