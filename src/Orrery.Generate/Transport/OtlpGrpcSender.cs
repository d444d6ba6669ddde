using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Orrery.Generate.Transport;

/// <summary>
/// OTLP/gRPC export calls over h2c with HttpClient: a unary call is one HTTP/2 POST whose body
/// is a 5-byte prefix (compressed flag, big-endian length) and the message, answered by a
/// framed response and a <c>grpc-status</c> trailer. No gRPC library is needed for that.
/// </summary>
public sealed class OtlpGrpcSender : ITelemetrySender
{
    private const int Unavailable = 14;
    private const int ResourceExhausted = 8;

    private readonly HttpClient _client;
    private readonly Uri _uri;
    private readonly string? _tenant;

    /// <param name="endpoint">host:port of the OTLP/gRPC listener (plaintext).</param>
    public OtlpGrpcSender(string endpoint, TelemetrySignal signal, string? tenant, int connections)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var baseUri = endpoint.Contains("://", StringComparison.Ordinal) ? new Uri(endpoint) : new Uri("http://" + endpoint);
        _uri = new Uri(baseUri, TelemetrySignalPaths.GrpcExportPath(signal));
        _client = HttpAnswers.CreateClient(connections);
        _tenant = tenant;
        Description = "OTLP/gRPC " + baseUri.Authority;
    }

    public string Description { get; }

    public async Task<SendOutcome> SendAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var frame = new byte[5 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)body.Length);
        body.CopyTo(frame.AsMemory(5));

        // A hand-made request carries its own HTTP version; the client's defaults do not apply to it.
        using var request = new HttpRequestMessage(HttpMethod.Post, _uri)
        {
            Content = new ByteArrayContent(frame),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.ParseAdd("trailers");
        if (_tenant is not null) request.Headers.Add("X-Scope-OrgID", _tenant);

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var reply = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            // A proxy or a server without gRPC: map HTTP as gRPC clients do (503/429 → UNAVAILABLE).
            var message = $"HTTP {(int)response.StatusCode} {Header(response, "grpc-message")}".TrimEnd();
            return HttpAnswers.IsRetryable(response.StatusCode)
                ? SendOutcome.Retryable(message, HttpAnswers.RetryAfter(response.Headers))
                : SendOutcome.Refused(message);
        }
        var status = int.TryParse(Header(response, "grpc-status"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : -1;
        if (status != 0)
        {
            var message = $"grpc-status {status} {Uri.UnescapeDataString(Header(response, "grpc-message") ?? "")}".TrimEnd();
            return status is Unavailable or ResourceExhausted
                ? SendOutcome.Retryable(message, Pushback(response))
                : SendOutcome.Refused(message);
        }
        if (reply.Length <= 5) return SendOutcome.Accepted();
        var (rejected, partialMessage) = OtlpPartialSuccess.Read(reply.AsSpan(5));
        return SendOutcome.Accepted(rejected, partialMessage);
    }

    // gRPC's retry pushback (milliseconds) is the server's Retry-After.
    private static TimeSpan? Pushback(HttpResponseMessage response) =>
        long.TryParse(Header(response, "grpc-retry-pushback-ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? TimeSpan.FromMilliseconds(ms)
            : null;

    private static string? Header(HttpResponseMessage r, string name) =>
        r.TrailingHeaders.TryGetValues(name, out var t) ? t.First()
        : r.Headers.TryGetValues(name, out var h) ? h.First() : null;

    public void Dispose() => _client.Dispose();
}
