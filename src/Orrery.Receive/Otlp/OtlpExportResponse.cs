using System.Text.Json;
using Orrery.Signals.Protobuf;
using F = Orrery.Signals.Protobuf.OtlpFieldNumbers.ExportTraceServiceResponse;

namespace Orrery.Receive.Otlp;

/// <summary>
/// Encodes the OTLP <c>Export{Trace,Metrics,Logs}ServiceResponse</c>, which share one layout. A
/// response without rejections is the empty message (<c>{}</c> in JSON): OTLP says an unset
/// partial_success means full success.
/// </summary>
public static class OtlpExportResponse
{
    // message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
    // message ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }
    // (rejected_data_points and rejected_log_records have field number 1 as well)
    public static byte[] ToProtobuf(long rejected, string? errorMessage)
    {
        if (rejected == 0 && string.IsNullOrEmpty(errorMessage)) return [];
        using var writer = new ProtoWriter(64 + (errorMessage?.Length ?? 0) * 3);
        var partial = writer.BeginMessage(F.PartialSuccess);
        if (rejected != 0) writer.WriteInt64Field(F.RejectedSpans, rejected);
        if (!string.IsNullOrEmpty(errorMessage)) writer.WriteStringField(F.ErrorMessage, errorMessage);
        writer.EndMessage(partial);
        return writer.ToArray();
    }

    /// <summary>OTLP/JSON: int64 as a decimal string, lowerCamelCase names.</summary>
    public static byte[] ToJson(OtlpSignal signal, long rejected, string? errorMessage)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (rejected == 0 && string.IsNullOrEmpty(errorMessage)) return "{}"u8.ToArray();
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartObject("partialSuccess");
            if (rejected != 0) json.WriteString(signal.RejectedJsonName, rejected.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(errorMessage)) json.WriteString("errorMessage", errorMessage);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return stream.ToArray();
    }
}
