using System.Text.Json;
using Orrery.Signals.Protobuf;

namespace Orrery.Receive.Otlp.Http;

/// <summary>
/// The <c>google.rpc.Status</c> body OTLP/HTTP sends with an error response, in the
/// request's encoding:
/// <code>
/// message Status {
///   int32 code = 1;
///   string message = 2;
///   repeated google.protobuf.Any details = 3;   // never sent
/// }
/// </code>
/// </summary>
public static class OtlpStatusBody
{
    public static byte[] ToProtobuf(int code, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var writer = new ProtoWriter(16 + message.Length * 3);
        // proto3 leaves default values off the wire; an int32 is a sign-extended varint.
        if (code != 0) writer.WriteInt64Field(1, code);
        if (message.Length > 0) writer.WriteStringField(2, message);
        return writer.ToArray();
    }

    public static byte[] ToJson(int code, string message)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("code", code);
            json.WriteString("message", message);
            json.WriteEndObject();
        }
        return stream.ToArray();
    }
}
