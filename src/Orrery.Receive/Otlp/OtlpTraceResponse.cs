using System.Text.Json;
using Orrery.Signals.Protobuf;
using F = Orrery.Signals.Protobuf.OtlpFieldNumbers.ExportTraceServiceResponse;

namespace Orrery.Receive.Otlp;

/// <summary>
/// Encodes the OTLP <c>ExportTraceServiceResponse</c>. A response without rejections is the empty
/// message (<c>{}</c> in JSON): OTLP says an unset partial_success means full success.
/// </summary>
public static class OtlpTraceResponse
{
    // message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
    // message ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }
    public static byte[] ToProtobuf(long rejectedSpans, string? errorMessage)
    {
        if (rejectedSpans == 0 && string.IsNullOrEmpty(errorMessage)) return [];
        using var writer = new ProtoWriter(64 + (errorMessage?.Length ?? 0) * 3);
        var partial = writer.BeginMessage(F.PartialSuccess);
        if (rejectedSpans != 0) writer.WriteInt64Field(F.RejectedSpans, rejectedSpans);
        if (!string.IsNullOrEmpty(errorMessage)) writer.WriteStringField(F.ErrorMessage, errorMessage);
        writer.EndMessage(partial);
        return writer.ToArray();
    }

    /// <summary>OTLP/JSON: int64 as a decimal string, lowerCamelCase names.</summary>
    public static byte[] ToJson(long rejectedSpans, string? errorMessage)
    {
        if (rejectedSpans == 0 && string.IsNullOrEmpty(errorMessage)) return "{}"u8.ToArray();
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartObject("partialSuccess");
            if (rejectedSpans != 0) json.WriteString("rejectedSpans", rejectedSpans.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(errorMessage)) json.WriteString("errorMessage", errorMessage);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return stream.ToArray();
    }
}
