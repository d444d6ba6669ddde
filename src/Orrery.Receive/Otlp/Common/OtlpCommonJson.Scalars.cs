using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Orrery.Signals;

namespace Orrery.Receive.Otlp.Common;

public abstract partial class OtlpCommonJson
{
    /// <summary>Ids longer than this are reported as badly encoded rather than by their length.</summary>
    protected const int MaxIdBytes = 64;

    // ---- scalars --------------------------------------------------------------------------

    protected Utf8Ref ReadString(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.String) ThrowType(reader.TokenStartIndex, what, "a string", reader.TokenType);
        if (!reader.ValueIsEscaped) return Bytes.Append(reader.ValueSpan);
        // Unescaping only shrinks, so the escaped length is enough room.
        var start = Bytes.Length;
        var room = Bytes.Reserve(reader.ValueSpan.Length, out _);
        var written = reader.CopyString(room);
        Bytes.Truncate(start + written);
        return written == 0 ? default : new Utf8Ref(start, written);
    }

    /// <summary>A string value's unescaped UTF-8, valid until the next value is read.</summary>
    protected ReadOnlySpan<byte> StringBytes(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.String) ThrowType(reader.TokenStartIndex, what, "a string", reader.TokenType);
        return reader.ValueIsEscaped ? Unescape(ref reader, ref _valueScratch) : reader.ValueSpan;
    }

    protected static bool ReadBool(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType == JsonTokenType.True) return true;
        if (reader.TokenType == JsonTokenType.False) return false;
        ThrowType(reader.TokenStartIndex, what, "true or false", reader.TokenType);
        return false;
    }

    protected ulong ReadUInt64(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var n)) return n;
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = StringBytes(ref reader, what);
            if (Utf8Parser.TryParse(text, out ulong s, out var used) && used == text.Length) return s;
        }
        ThrowType(reader.TokenStartIndex, what, "an unsigned 64-bit integer (number or string)", reader.TokenType);
        return 0;
    }

    protected long ReadInt64(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n)) return n;
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = StringBytes(ref reader, what);
            if (Utf8Parser.TryParse(text, out long s, out var used) && used == text.Length) return s;
        }
        ThrowType(reader.TokenStartIndex, what, "a 64-bit integer (number or string)", reader.TokenType);
        return 0;
    }

    protected uint ReadUInt32(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out var n)) return n;
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = StringBytes(ref reader, what);
            if (Utf8Parser.TryParse(text, out uint s, out var used) && used == text.Length) return s;
        }
        ThrowType(reader.TokenStartIndex, what, "an unsigned 32-bit integer", reader.TokenType);
        return 0;
    }

    // The protobuf JSON mapping writes non-finite doubles as the strings "NaN", "Infinity", "-Infinity".
    protected double ReadDouble(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var n)) return n;
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = StringBytes(ref reader, what);
            if (text.SequenceEqual("NaN"u8)) return double.NaN;
            if (text.SequenceEqual("Infinity"u8)) return double.PositiveInfinity;
            if (text.SequenceEqual("-Infinity"u8)) return double.NegativeInfinity;
            if (Utf8Parser.TryParse(text, out double s, out var used) && used == text.Length) return s;
        }
        ThrowType(reader.TokenStartIndex, what, "a number, \"NaN\", \"Infinity\" or \"-Infinity\"", reader.TokenType);
        return 0;
    }

    protected byte ReadEnum(ref Utf8JsonReader reader, string what, byte[][] names)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n)) return n is >= 0 and <= byte.MaxValue ? (byte)n : (byte)0;
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = StringBytes(ref reader, what);
            for (var i = 0; i < names.Length; i++)
            {
                if (text.SequenceEqual(names[i])) return (byte)i;
            }
        }
        ThrowType(reader.TokenStartIndex, what, "an enum number or name", reader.TokenType);
        return 0;
    }

    /// <summary>
    /// Decodes an id string into <paramref name="destination"/>. A string of exactly the hex
    /// length of a <paramref name="size"/>-byte id must be hex (the OTLP/JSON rule); other
    /// lengths are read as hex when they are hex, else as base64, so a wrong-sized id is
    /// reported by its size. Returns the byte length, 0 for an empty string, -1 when the
    /// string decodes as neither.
    /// </summary>
    protected int ReadId(ref Utf8JsonReader reader, scoped Span<byte> destination, int size, string what)
    {
        var text = StringBytes(ref reader, what);
        if (text.IsEmpty) return 0;
        if (text.Length == size * 2) return TryDecodeHex(text, destination) ? size : -1;
        if (text.Length % 2 == 0 && text.Length / 2 <= destination.Length && TryDecodeHex(text, destination)) return text.Length / 2;
        return Base64.DecodeFromUtf8(text, destination, out var consumed, out var written) == OperationStatus.Done && consumed == text.Length
            ? written
            : -1;
    }

    private static bool TryDecodeHex(ReadOnlySpan<byte> hex, Span<byte> destination)
    {
        for (var i = 0; i < hex.Length; i += 2)
        {
            int high = HexDigit(hex[i]), low = HexDigit(hex[i + 1]);
            if ((high | low) < 0) return false;
            destination[i / 2] = (byte)((high << 4) | low);
        }
        return true;
    }

    private static int HexDigit(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>
    /// A base64 bytes value decoded into the arena. The protobuf JSON mapping accepts the
    /// standard and the URL-safe alphabet, with or without padding.
    /// </summary>
    protected Utf8Ref ReadBase64(ref Utf8JsonReader reader, string what)
    {
        var text = StringBytes(ref reader, what);
        if (text.IsEmpty) return default;
        var start = Bytes.Length;
        var room = Bytes.Reserve(Base64.GetMaxDecodedFromUtf8Length(text.Length) + 2, out _);
        if (Base64.DecodeFromUtf8(text, room, out var consumed, out var written) != OperationStatus.Done || consumed != text.Length)
        {
            Span<byte> normalized = text.Length <= 1024 ? stackalloc byte[text.Length + 3] : new byte[text.Length + 3];
            var length = NormalizeBase64(text, normalized);
            if (length < 0
                || Base64.DecodeFromUtf8(normalized[..length], room, out consumed, out written) != OperationStatus.Done
                || consumed != length)
            {
                Bytes.Truncate(start);
                ThrowType(reader.TokenStartIndex, what, "base64", reader.TokenType);
            }
        }
        Bytes.Truncate(start + written);
        return written == 0 ? default : new Utf8Ref(start, written);
    }

    private static int NormalizeBase64(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        var n = 0;
        foreach (var c in text)
        {
            destination[n++] = c switch { (byte)'-' => (byte)'+', (byte)'_' => (byte)'/', _ => c };
        }
        if (n % 4 == 1) return -1;
        while (n % 4 != 0) destination[n++] = (byte)'=';
        return n;
    }
}
