using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;

namespace Orrery.EndToEnd.Tests.Support;

/// <summary>What a unary gRPC call returned: status, message and the response message bytes.</summary>
internal sealed record GrpcCallResult(int Status, string? Message, byte[] ResponseMessage);

/// <summary>
/// A minimal gRPC client over HttpClient (prior-knowledge HTTP/2), so tests can send exactly the
/// frames they want, including malformed ones that a real gRPC client would never produce.
/// </summary>
internal static class RawGrpcClient
{
    public const string ExportPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    public static byte[] Frame(byte[] message, bool compressed = false)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    public static async Task<GrpcCallResult> CallAsync(HttpClient client, Uri grpcBase, byte[] body, string? tenant = null, string? grpcEncoding = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(grpcBase, ExportPath))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        if (tenant is not null) request.Headers.Add("X-Scope-OrgID", tenant);
        if (grpcEncoding is not null) request.Headers.Add("grpc-encoding", grpcEncoding);

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        var payload = await response.Content.ReadAsByteArrayAsync();
        var status = Header(response, "grpc-status") ?? throw new InvalidOperationException("no grpc-status");
        var message = Header(response, "grpc-message");
        var responseMessage = payload.Length >= 5 ? payload[5..] : [];
        return new GrpcCallResult(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), message is null ? null : Uri.UnescapeDataString(message), responseMessage);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var values) || response.Headers.TryGetValues(name, out values)
            ? values.First()
            : null;
}
