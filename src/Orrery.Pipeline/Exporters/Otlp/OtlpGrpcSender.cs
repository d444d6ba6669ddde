using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;

namespace Orrery.Pipeline.Exporters.Otlp;

/// <summary>
/// OTLP/gRPC unary Export over HTTP/2 without a gRPC library: one length-prefixed message out,
/// the status from the <c>grpc-status</c> trailer. UNAVAILABLE, RESOURCE_EXHAUSTED, ABORTED,
/// DEADLINE_EXCEEDED, CANCELLED, OUT_OF_RANGE and DATA_LOSS are retryable, as the OTLP
/// specification lists them; cleartext endpoints use HTTP/2 with prior knowledge.
/// </summary>
internal sealed class OtlpGrpcSender(HttpClient client, Uri endpoint, string method, IReadOnlyDictionary<string, string> headers, TimeSpan timeout) : IOtlpSender
{
    private static readonly int[] RetryableCodes = [1, 4, 8, 10, 11, 14, 15];

    public async Task SendAsync(byte[] payload, string tenant, CancellationToken cancellationToken)
    {
        var url = new Uri(endpoint, method);
        var framed = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(framed, 5);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(framed),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        if (!headers.ContainsKey(Orrery.Signals.Tenant.HeaderName)) request.Headers.TryAddWithoutValidation(Orrery.Signals.Tenant.HeaderName, tenant);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var response = await client.SendAsync(request, timeoutSource.Token).ConfigureAwait(false);
            await response.Content.ReadAsByteArrayAsync(timeoutSource.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw new OtlpSendException($"{url}: HTTP {(int)response.StatusCode}", retryable: true);
            var status = Header(response, "grpc-status");
            if (status is null or "0") return;
            var code = int.TryParse(status, out var c) ? c : 2;
            throw new OtlpSendException($"{url}: gRPC status {code} {Uri.UnescapeDataString(Header(response, "grpc-message") ?? "")}", RetryableCodes.Contains(code));
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new OtlpSendException($"{url}: {e.Message}", retryable: true, inner: e);
        }
    }

    // Trailers-only responses put the status in the headers.
    private static string? Header(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var t) ? t.FirstOrDefault()
        : response.Headers.TryGetValues(name, out var h) ? h.FirstOrDefault() : null;
}
