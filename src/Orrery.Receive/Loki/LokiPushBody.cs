using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Orrery.Receive.Otlp.Http;

namespace Orrery.Receive.Loki;

/// <summary>
/// Reads a push body: identity and gzip as every OTLP/HTTP body, plus <c>deflate</c>, which
/// Loki's push API also takes. HTTP's "deflate" is a zlib stream, but clients (Go's
/// compress/flate among them) also send raw DEFLATE: the zlib header tells them apart.
/// </summary>
internal static class LokiPushBody
{
    public static async ValueTask<BodyReadResult> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        if (!encoding.Equals("deflate", StringComparison.OrdinalIgnoreCase))
            return await OtlpHttpBody.ReadAsync(request, limit, cancellationToken).ConfigureAwait(false);

        // The compressed body is bounded too: it can never usefully be larger than what it inflates to.
        using var compressed = await BoundedReader.ReadAsync(request.Body, limit, request.ContentLength, cancellationToken).ConfigureAwait(false);
        if (compressed is null) return TooLarge(limit);
        try
        {
            var zlib = IsZlibHeader(compressed.Memory.Span);
            using var source = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(compressed.Memory, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(compressed.Memory.ToArray(), writable: false);
            await using Stream inflater = zlib
                ? new ZLibStream(source, CompressionMode.Decompress)
                : new DeflateStream(source, CompressionMode.Decompress);
            var buffer = await BoundedReader.ReadAsync(inflater, limit, null, cancellationToken).ConfigureAwait(false);
            return buffer is null ? TooLarge(limit) : new BodyReadResult(buffer, StatusCodes.Status200OK, null);
        }
        catch (InvalidDataException e)
        {
            return new BodyReadResult(null, StatusCodes.Status400BadRequest, "invalid deflate body: " + e.Message);
        }
    }

    /// <summary>RFC 1950: compression method 8 in the low nibble of CMF, and CMF·256+FLG a multiple of 31.</summary>
    internal static bool IsZlibHeader(ReadOnlySpan<byte> body) =>
        body.Length >= 2 && (body[0] & 0x0F) == 8 && (body[0] >> 4) <= 7 && ((body[0] << 8) | body[1]) % 31 == 0;

    private static BodyReadResult TooLarge(long limit) =>
        new(null, StatusCodes.Status413PayloadTooLarge, $"request body exceeds the limit of {limit} bytes (counted after decompression)");
}
