using System.Net;
using System.Net.Http.Headers;

namespace Orrery.LoadGen;

/// <summary>
/// POSTs snappy-compressed <c>WriteRequest</c>s over HTTP/1.1 with the headers Prometheus sends,
/// and retries as Prometheus's queue manager does: 5xx and 429 are retried with backoff, other
/// 4xx drop the batch.
/// </summary>
internal sealed class RemoteWriteSender : IDisposable
{
    public const string Path = "/api/v1/write";
    private const int MaxAttempts = 10;

    private readonly HttpClient _client;
    private readonly Uri _uri;
    private readonly string? _tenant;

    public RemoteWriteSender(Uri endpoint, int connections, string? tenant)
    {
        _client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { Timeout = TimeSpan.FromSeconds(60) };
        _uri = new Uri(endpoint, Path);
        _tenant = tenant;
    }

    /// <summary>Sends one request until it is acknowledged or refused for good.</summary>
    public async Task<SendOutcome> SendAsync(byte[] compressed, CancellationToken cancellationToken)
    {
        var retries = 0;
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = new ByteArrayContent(compressed) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            request.Content.Headers.ContentEncoding.Add("snappy");
            request.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
            request.Headers.UserAgent.ParseAdd("orrery-loadgen/0.1");
            if (_tenant is not null) request.Headers.Add("X-Scope-OrgID", _tenant);

            using var response = await _client.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode) return new SendOutcome(true, retries, null);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var message = $"HTTP {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)].Trim()}";
            var retryable = (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests;
            if (!retryable || attempt == MaxAttempts) return new SendOutcome(false, retries, message);
            retries++;
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 50 << attempt)), cancellationToken);
        }
    }

    public void Dispose() => _client.Dispose();
}

internal readonly record struct SendOutcome(bool Acknowledged, int Retries, string? Error);
