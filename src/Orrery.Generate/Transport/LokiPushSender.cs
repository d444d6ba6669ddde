using System.Net.Http.Headers;

namespace Orrery.Generate.Transport;

/// <summary>Loki's push API with JSON bodies: 204 acknowledges the request, a 4xx other than 429 refuses it.</summary>
public sealed class LokiPushSender : ITelemetrySender
{
    public const string DefaultPath = "/loki/api/v1/push";

    private readonly HttpClient _client;
    private readonly Uri _uri;
    private readonly string? _tenant;

    public LokiPushSender(Uri url, string? tenant, int connections)
    {
        ArgumentNullException.ThrowIfNull(url);
        _uri = HttpAnswers.WithDefaultPath(url, DefaultPath);
        _client = HttpAnswers.CreateClient(connections);
        _tenant = tenant;
        Description = "Loki push " + _uri;
    }

    public string Description { get; }

    public async Task<SendOutcome> SendAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (_tenant is not null) request.Headers.Add("X-Scope-OrgID", _tenant);
        using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? SendOutcome.Accepted()
            : await HttpAnswers.FailureAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _client.Dispose();
}
