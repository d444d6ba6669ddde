using System.Net.Http.Headers;

namespace Orrery.Generate.Transport;

/// <summary>What an <see cref="HttpPostSender"/>'s bodies must be encoded as.</summary>
public enum HttpPayload
{
    Otlp,
    RemoteWrite,
    LokiJson,
}

/// <summary>
/// One POST per request body. The HTTP protocols differ only in their path, their headers and
/// whether a 2xx answer carries a count of what was refused, so they are one sender configured
/// three ways rather than three senders.
/// </summary>
public sealed class HttpPostSender : ITelemetrySender
{
    private readonly HttpClient _client;
    private readonly Uri _uri;
    private readonly string? _tenant;
    private readonly Action<HttpRequestMessage> _addHeaders;

    private HttpPostSender(Uri uri, HttpPayload payload, string description, string? tenant, int connections, Action<HttpRequestMessage> addHeaders)
    {
        _uri = uri;
        _client = HttpAnswers.CreateClient(connections);
        _tenant = tenant;
        _addHeaders = addHeaders;
        Payload = payload;
        Description = description + " " + uri;
    }

    public string Description { get; }

    public HttpPayload Payload { get; }

    /// <summary>OTLP/HTTP with protobuf bodies: <c>POST /v1/{traces,metrics,logs}</c>, partial success in the 200 answer.</summary>
    /// <param name="url">The full export URL, or just http://host:port to use the signal's default path.</param>
    public static HttpPostSender OtlpHttp(Uri url, TelemetrySignal signal, string? tenant, int connections)
    {
        ArgumentNullException.ThrowIfNull(url);
        return new HttpPostSender(
            HttpAnswers.WithDefaultPath(url, TelemetrySignalPaths.HttpPath(signal)), HttpPayload.Otlp, "OTLP/HTTP", tenant, connections,
            request => request.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf"));
    }

    /// <summary>
    /// Prometheus remote write 1.0: a snappy-compressed <c>WriteRequest</c> with the headers
    /// Prometheus sends. 2xx acknowledges the whole request; the protocol has no count of what was kept.
    /// </summary>
    public static HttpPostSender RemoteWrite(Uri url, string? tenant, int connections)
    {
        ArgumentNullException.ThrowIfNull(url);
        return new HttpPostSender(
            HttpAnswers.WithDefaultPath(url, "/api/v1/write"), HttpPayload.RemoteWrite, "remote write", tenant, connections,
            request =>
            {
                request.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                request.Content.Headers.ContentEncoding.Add("snappy");
                request.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
                request.Headers.UserAgent.ParseAdd("orrery-gen/0.1");
            });
    }

    /// <summary>Loki's push API with JSON bodies: 204 acknowledges the request.</summary>
    public static HttpPostSender LokiPush(Uri url, string? tenant, int connections)
    {
        ArgumentNullException.ThrowIfNull(url);
        return new HttpPostSender(
            HttpAnswers.WithDefaultPath(url, "/loki/api/v1/push"), HttpPayload.LokiJson, "Loki push", tenant, connections,
            request => request.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/json"));
    }

    /// <summary>A 4xx other than 429 refuses the request; 429 and 5xx are worth retrying (<see cref="HttpAnswers"/>).</summary>
    public async Task<SendOutcome> SendAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = new ReadOnlyMemoryContent(body) };
        _addHeaders(request);
        if (_tenant is not null) request.Headers.Add("X-Scope-OrgID", _tenant);
        using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) return await HttpAnswers.FailureAsync(response, cancellationToken).ConfigureAwait(false);
        // Only OTLP answers 2xx with a count of what it refused (partial success).
        if (Payload != HttpPayload.Otlp) return SendOutcome.Accepted();
        var reply = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var (rejected, message) = OtlpPartialSuccess.Read(reply);
        return SendOutcome.Accepted(rejected, message);
    }

    public void Dispose() => _client.Dispose();
}
