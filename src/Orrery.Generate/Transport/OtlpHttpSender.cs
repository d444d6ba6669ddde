using System.Net.Http.Headers;

namespace Orrery.Generate.Transport;

/// <summary>OTLP/HTTP with protobuf bodies: <c>POST /v1/{traces,metrics,logs}</c>, partial success in the 200 answer.</summary>
public sealed class OtlpHttpSender : ITelemetrySender
{
    private readonly HttpClient _client;
    private readonly Uri _uri;
    private readonly string? _tenant;

    /// <param name="url">The full export URL, or just http://host:port to use the signal's default path.</param>
    public OtlpHttpSender(Uri url, TelemetrySignal signal, string? tenant, int connections)
    {
        ArgumentNullException.ThrowIfNull(url);
        _uri = HttpAnswers.WithDefaultPath(url, TelemetrySignalPaths.HttpPath(signal));
        _client = HttpAnswers.CreateClient(connections);
        _tenant = tenant;
        Description = "OTLP/HTTP " + _uri;
    }

    public string Description { get; }

    public async Task<SendOutcome> SendAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        if (_tenant is not null) request.Headers.Add("X-Scope-OrgID", _tenant);
        using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) return await HttpAnswers.FailureAsync(response, cancellationToken).ConfigureAwait(false);
        var reply = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var (rejected, message) = OtlpPartialSuccess.Read(reply);
        return SendOutcome.Accepted(rejected, message);
    }

    public void Dispose() => _client.Dispose();
}
