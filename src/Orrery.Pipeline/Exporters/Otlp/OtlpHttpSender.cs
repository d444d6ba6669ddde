using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;

namespace Orrery.Pipeline.Exporters.Otlp;

/// <summary>
/// OTLP/HTTP with protobuf bodies: POST to the signal's URL (<c>…/v1/traces</c>). 429, 502, 503
/// and 504 are retryable (OTLP/HTTP specification), honouring Retry-After; other failures are not.
/// </summary>
internal sealed class OtlpHttpSender(HttpClient client, Uri url, IReadOnlyDictionary<string, string> headers, bool gzip, TimeSpan timeout) : IOtlpSender
{
    public async Task SendAsync(byte[] payload, string tenant, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Body(payload) };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        if (!headers.ContainsKey(Orrery.Signals.Tenant.HeaderName)) request.Headers.TryAddWithoutValidation(Orrery.Signals.Tenant.HeaderName, tenant);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, timeoutSource.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new OtlpSendException($"POST {url}: {e.Message}", retryable: true, inner: e);
        }
        using (response)
        {
            if (response.IsSuccessStatusCode) return;
            var retryable = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
            var retryAfter = response.Headers.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                { Date: { } date } => date - DateTimeOffset.UtcNow,
                _ => (TimeSpan?)null,
            };
            throw new OtlpSendException($"POST {url}: HTTP {(int)response.StatusCode}", retryable, retryAfter);
        }
    }

    private ByteArrayContent Body(byte[] payload)
    {
        ByteArrayContent content;
        if (gzip)
        {
            using var buffer = new MemoryStream();
            using (var zip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) zip.Write(payload);
            content = new ByteArrayContent(buffer.ToArray());
            content.Headers.ContentEncoding.Add("gzip");
        }
        else
        {
            content = new ByteArrayContent(payload);
        }
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return content;
    }
}
