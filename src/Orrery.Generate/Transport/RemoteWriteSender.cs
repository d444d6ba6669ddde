using System.Net.Http.Headers;

namespace Orrery.Generate.Transport;

/// <summary>
/// Prometheus remote write 1.0: a snappy-compressed <c>WriteRequest</c> POSTed with the headers
/// Prometheus sends. 2xx acknowledges the whole request; a 4xx other than 429 refuses it (the
/// protocol has no count of what was kept).
/// </summary>
public sealed class RemoteWriteSender : ITelemetrySender
{
    public const string DefaultPath = "/api/v1/write";

    private readonly HttpClient _client;
    private readonly Uri _uri;
    private readonly string? _tenant;

    public RemoteWriteSender(Uri url, string? tenant, int connections)
    {
        ArgumentNullException.ThrowIfNull(url);
        _uri = HttpAnswers.WithDefaultPath(url, DefaultPath);
        _client = HttpAnswers.CreateClient(connections);
        _tenant = tenant;
        Description = "remote write " + _uri;
    }

    public string Description { get; }

    public async Task<SendOutcome> SendAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        request.Content.Headers.ContentEncoding.Add("snappy");
        request.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        request.Headers.UserAgent.ParseAdd("orrery-gen/0.1");
        if (_tenant is not null) request.Headers.Add("X-Scope-OrgID", _tenant);
        using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? SendOutcome.Accepted()
            : await HttpAnswers.FailureAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _client.Dispose();
}
