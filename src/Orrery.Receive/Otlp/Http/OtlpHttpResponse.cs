using Microsoft.AspNetCore.Http;
using Orrery.Receive.Otlp.Grpc;

namespace Orrery.Receive.Otlp.Http;

/// <summary>Writes OTLP/HTTP responses in the request's encoding, as the OTLP specification asks.</summary>
public static class OtlpHttpResponse
{
    public const string ProtobufContentType = "application/x-protobuf";
    public const string JsonContentType = "application/json";

    public static bool TryGetFormat(string? contentType, out OtlpPayloadFormat format)
    {
        var mediaType = (contentType ?? string.Empty).AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0) mediaType = mediaType[..semicolon];
        mediaType = mediaType.Trim();
        format = OtlpPayloadFormat.Json;
        if (mediaType.Equals(JsonContentType, StringComparison.OrdinalIgnoreCase)) return true;
        format = OtlpPayloadFormat.Protobuf;
        return mediaType.Equals(ProtobufContentType, StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/protobuf", StringComparison.OrdinalIgnoreCase);
    }

    public static Task WriteAsync(HttpContext context, OtlpSignal signal, OtlpPayloadFormat format, OtlpExportResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        switch (result.Status)
        {
            case OtlpExportStatus.Ok:
                var body = format == OtlpPayloadFormat.Protobuf
                    ? OtlpExportResponse.ToProtobuf(result.Rejected, result.ErrorMessage)
                    : OtlpExportResponse.ToJson(signal, result.Rejected, result.ErrorMessage);
                return WriteBodyAsync(context, format, StatusCodes.Status200OK, body);
            case OtlpExportStatus.Malformed:
            case OtlpExportStatus.Refused:
                return WriteErrorAsync(context, format, StatusCodes.Status400BadRequest, result.ErrorMessage ?? "bad request");
            default:
                // 503 is one of the codes OTLP clients retry with backoff.
                context.Response.Headers.RetryAfter = GrpcRetryInfo.RetryAfterSeconds(result.RetryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return WriteErrorAsync(context, format, StatusCodes.Status503ServiceUnavailable, result.ErrorMessage ?? "unavailable");
        }
    }

    public static Task WriteErrorAsync(HttpContext context, OtlpPayloadFormat format, int httpStatus, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        var code = (int)ToGrpcCode(httpStatus);
        var body = format == OtlpPayloadFormat.Protobuf ? OtlpStatusBody.ToProtobuf(code, message) : OtlpStatusBody.ToJson(code, message);
        return WriteBodyAsync(context, format, httpStatus, body);
    }

    public static Task WriteUnsupportedMediaTypeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync($"unsupported Content-Type '{context.Request.ContentType}': use {ProtobufContentType} or {JsonContentType}");
    }

    private static GrpcStatusCode ToGrpcCode(int httpStatus) => httpStatus switch
    {
        StatusCodes.Status401Unauthorized => GrpcStatusCode.Unauthenticated,
        StatusCodes.Status413PayloadTooLarge => GrpcStatusCode.ResourceExhausted,
        StatusCodes.Status415UnsupportedMediaType => GrpcStatusCode.Unimplemented,
        StatusCodes.Status503ServiceUnavailable => GrpcStatusCode.Unavailable,
        _ => GrpcStatusCode.InvalidArgument,
    };

    private static Task WriteBodyAsync(HttpContext context, OtlpPayloadFormat format, int httpStatus, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = httpStatus;
        response.ContentType = format == OtlpPayloadFormat.Protobuf ? ProtobufContentType : JsonContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
