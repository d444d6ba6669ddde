using System.Text;
using System.Text.Json;

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
        var text = Encoding.UTF8.GetBytes(message);
        var buffer = new byte[1 + 10 + 1 + 5 + text.Length];
        var pos = 0;
        if (code != 0)
        {
            buffer[pos++] = 1 << 3; // field 1, varint
            pos += WriteVarint(buffer.AsSpan(pos), (uint)code);
        }
        if (text.Length > 0)
        {
            buffer[pos++] = (2 << 3) | 2; // field 2, length-delimited
            pos += WriteVarint(buffer.AsSpan(pos), (uint)text.Length);
            text.CopyTo(buffer.AsSpan(pos));
            pos += text.Length;
        }
        return buffer.AsSpan(0, pos).ToArray();
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

    private static int WriteVarint(Span<byte> destination, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }
}
