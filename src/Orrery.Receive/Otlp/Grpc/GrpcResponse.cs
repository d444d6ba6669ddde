using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Orrery.Receive.Otlp.Grpc;

/// <summary>Writes a unary gRPC response: headers, at most one message, then status trailers.</summary>
public static class GrpcResponse
{
    public const string ContentType = "application/grpc";

    /// <param name="statusDetails">A serialized <c>google.rpc.Status</c> sent as <c>grpc-status-details-bin</c> (e.g. with retry info), or null.</param>
    public static async Task WriteAsync(HttpContext context, GrpcStatusCode status, string? message, byte[]? payload, byte[]? statusDetails = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers["grpc-accept-encoding"] = "identity,gzip";
        if (payload is not null)
        {
            var frame = response.BodyWriter.GetSpan(GrpcFrame.HeaderSize + payload.Length);
            GrpcFrame.WriteHeader(frame, payload.Length);
            payload.CopyTo(frame[GrpcFrame.HeaderSize..]);
            response.BodyWriter.Advance(GrpcFrame.HeaderSize + payload.Length);
            await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
        var code = ((int)status).ToString(CultureInfo.InvariantCulture);
        if (response.SupportsTrailers())
        {
            response.AppendTrailer("grpc-status", code);
            if (message is not null) response.AppendTrailer("grpc-message", PercentEncode(message));
            if (statusDetails is not null) response.AppendTrailer("grpc-status-details-bin", Convert.ToBase64String(statusDetails));
        }
        else if (!response.HasStarted)
        {
            // Not HTTP/2: the best that can be done is a trailers-only style answer in headers.
            response.Headers["grpc-status"] = code;
            if (message is not null) response.Headers["grpc-message"] = PercentEncode(message);
            if (statusDetails is not null) response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(statusDetails);
        }
    }

    /// <summary>
    /// grpc-message is percent-encoded UTF-8: bytes outside printable ASCII, and '%' itself,
    /// become %XX (gRPC over HTTP/2 specification).
    /// </summary>
    public static string PercentEncode(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%') text.Append((char)b);
            else text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }
}
