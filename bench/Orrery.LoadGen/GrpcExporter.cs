using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Orrery.LoadGen;

/// <summary>
/// Sends OTLP/gRPC TraceService/Export calls over h2c with HttpClient: the same wire format
/// as the OpenTelemetry SDK exporters, without their batching in the way of rate control.
/// </summary>
internal sealed class GrpcExporter : IDisposable
{
    private const string ExportPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    private readonly HttpClient _client;
    private readonly Uri _uri;
    private readonly string? _tenant;

    public GrpcExporter(Uri endpoint, string? tenant)
    {
        _client = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = true }) { Timeout = TimeSpan.FromSeconds(30) };
        _uri = new Uri(endpoint, ExportPath);
        _tenant = tenant;
    }

    /// <summary>Exports one serialized request; returns the spans the server rejected.</summary>
    public async Task<long> ExportAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame.AsMemory(5));

        // A hand-made request message carries its own version; the client's defaults do not apply to it.
        using var request = new HttpRequestMessage(HttpMethod.Post, _uri)
        {
            Content = new ByteArrayContent(frame),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.ParseAdd("trailers");
        if (_tenant is not null) request.Headers.Add("X-Scope-OrgID", _tenant);

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var status = Header(response, "grpc-status");
        if (response.StatusCode != HttpStatusCode.OK || status != "0")
        {
            throw new InvalidOperationException(
                $"export failed: HTTP {(int)response.StatusCode} {response.Version}, grpc-status {status}, {Header(response, "grpc-message")} {System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 200)))}");
        }
        if (body.Length <= 5) return 0;
        var reply = ExportTraceServiceResponse.Parser.ParseFrom(body.AsSpan(5));
        return reply.PartialSuccess?.RejectedSpans ?? 0;
    }

    private static string? Header(HttpResponseMessage r, string name) =>
        r.TrailingHeaders.TryGetValues(name, out var t) ? t.First()
        : r.Headers.TryGetValues(name, out var h) ? h.First() : null;

    public void Dispose() => _client.Dispose();
}
