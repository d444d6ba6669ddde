using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace Orrery.Receive.Otlp.Http;

/// <summary>An export body read (and inflated) into a pooled buffer, or why it could not be.</summary>
public readonly record struct BodyReadResult(PooledBuffer? Buffer, int HttpStatus, string? Error);

/// <summary>Reads an OTLP/HTTP request body, honouring <c>Content-Encoding: gzip</c> and the size limit.</summary>
public static class OtlpHttpBody
{
    public static async ValueTask<BodyReadResult> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            return new BodyReadResult(null, StatusCodes.Status415UnsupportedMediaType, $"unsupported Content-Encoding '{encoding}'");
        if (!gzip && request.ContentLength > limit)
            return TooLarge(limit);
        try
        {
            PooledBuffer? buffer;
            if (gzip)
            {
                await using var inflater = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
                buffer = await BoundedReader.ReadAsync(inflater, limit, null, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                buffer = await BoundedReader.ReadAsync(request.Body, limit, request.ContentLength, cancellationToken).ConfigureAwait(false);
            }
            return buffer is null ? TooLarge(limit) : new BodyReadResult(buffer, StatusCodes.Status200OK, null);
        }
        catch (InvalidDataException e)
        {
            return new BodyReadResult(null, StatusCodes.Status400BadRequest, "invalid gzip body: " + e.Message);
        }
    }

    private static BodyReadResult TooLarge(long limit) =>
        new(null, StatusCodes.Status413PayloadTooLarge, $"request body exceeds the limit of {limit} bytes (counted after decompression)");
}
