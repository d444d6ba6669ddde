using System.Net;
using System.Net.Http.Headers;

namespace Orrery.EndToEnd.Tests.Support;

/// <summary>Where a running Orrery listens, with clients for its three ports.</summary>
internal sealed class OrreryEndpoints(int httpPort, int grpcPort, int otlpHttpPort)
{
    public int HttpPort { get; } = httpPort;
    public int GrpcPort { get; } = grpcPort;
    public int OtlpHttpPort { get; } = otlpHttpPort;

    public Uri Http => new($"http://127.0.0.1:{HttpPort}");
    public Uri Grpc => new($"http://127.0.0.1:{GrpcPort}");
    public Uri OtlpHttpTraces => new($"http://127.0.0.1:{OtlpHttpPort}/v1/traces");

    public Uri OtlpHttpMetrics => new($"http://127.0.0.1:{OtlpHttpPort}/v1/metrics");

    public Uri OtlpHttpLogs => new($"http://127.0.0.1:{OtlpHttpPort}/v1/logs");

    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task<HttpResponseMessage> GetAsync(string pathAndQuery, string? tenant = null, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Http, pathAndQuery));
        if (tenant is not null) request.Headers.Add("X-Scope-OrgID", tenant);
        if (accept is not null) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        return await Client.SendAsync(request);
    }

    public async Task<HttpResponseMessage> PostOtlpAsync(Uri url, byte[] body, string contentType, string? tenant = null, string? contentEncoding = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (contentEncoding is not null) request.Content.Headers.ContentEncoding.Add(contentEncoding);
        if (tenant is not null) request.Headers.Add("X-Scope-OrgID", tenant);
        return await Client.SendAsync(request);
    }

    /// <summary>Waits until <c>/ready</c> answers 200 (the WAL is replayed).</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var response = await Client.GetAsync(new Uri(Http, "/ready"));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"orrery on port {HttpPort} not ready after {timeout}");
            await Task.Delay(50);
        }
    }
}
