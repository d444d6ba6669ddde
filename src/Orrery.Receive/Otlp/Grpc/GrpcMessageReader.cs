using System.IO.Compression;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Http;
using Orrery.Receive.Otlp.Http;

namespace Orrery.Receive.Otlp.Grpc;

/// <summary>The request message of a unary call, or the status to fail the call with.</summary>
/// <param name="Owner">Holds the pooled memory behind <paramref name="Message"/>; dispose after decoding.</param>
public readonly record struct GrpcReadResult(IDisposable? Owner, ReadOnlyMemory<byte> Message, GrpcStatusCode Status, string? Error);

/// <summary>Reads and, for <c>grpc-encoding: gzip</c>, inflates the one message of a unary gRPC request.</summary>
public static class GrpcMessageReader
{
    public static async ValueTask<GrpcReadResult> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Compressed incompressible data is slightly larger than the original (gzip adds ~5 bytes
        // per 16 KiB block plus a header); 1/1024 + 1 KiB of slack covers that with room to spare.
        var rawLimit = GrpcFrame.HeaderSize + limit + limit / 1024 + 1024;
        var raw = await BoundedReader.ReadAsync(request.Body, rawLimit, request.ContentLength, cancellationToken).ConfigureAwait(false);
        if (raw is null) return Fail(GrpcStatusCode.ResourceExhausted, TooLarge(limit));

        if (!GrpcFrame.TryReadSingle(raw.Memory.Span, out var compressed, out var offset, out var length, out var error))
            return Fail(GrpcStatusCode.InvalidArgument, error!, raw);
        if (!compressed)
        {
            return length > limit
                ? Fail(GrpcStatusCode.ResourceExhausted, TooLarge(limit), raw)
                : new GrpcReadResult(raw, raw.Memory.Slice(offset, length), GrpcStatusCode.Ok, null);
        }

        var encoding = request.Headers["grpc-encoding"].ToString();
        if (!encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
        {
            raw.Dispose();
            return encoding.Length == 0 || encoding.Equals("identity", StringComparison.OrdinalIgnoreCase)
                ? Fail(GrpcStatusCode.Internal, "compressed message without a grpc-encoding")
                : Fail(GrpcStatusCode.Unimplemented, $"unsupported grpc-encoding '{encoding}'");
        }
        using (raw)
        {
            try
            {
                var segment = Segment(raw.Memory.Slice(offset, length));
                using var compressedStream = new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false);
                await using var inflater = new GZipStream(compressedStream, CompressionMode.Decompress);
                var message = await BoundedReader.ReadAsync(inflater, limit, (long)length * 4, cancellationToken).ConfigureAwait(false);
                return message is null
                    ? Fail(GrpcStatusCode.ResourceExhausted, TooLarge(limit))
                    : new GrpcReadResult(message, message.Memory, GrpcStatusCode.Ok, null);
            }
            catch (InvalidDataException e)
            {
                return Fail(GrpcStatusCode.InvalidArgument, "invalid gzip message: " + e.Message);
            }
        }
    }

    private static ArraySegment<byte> Segment(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) ? segment : new ArraySegment<byte>(memory.ToArray());

    private static string TooLarge(long limit) => $"request message exceeds the limit of {limit} bytes (counted after decompression)";

    private static GrpcReadResult Fail(GrpcStatusCode status, string error, IDisposable? toRelease = null)
    {
        toRelease?.Dispose();
        return new GrpcReadResult(null, default, status, error);
    }
}
