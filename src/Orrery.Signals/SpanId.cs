using System.Buffers.Binary;

namespace Orrery.Signals;

/// <summary>A 64-bit span id, big-endian so numeric order equals byte order. Zero means "none".</summary>
public readonly record struct SpanId(ulong Value) : IComparable<SpanId>
{
    public const int Size = 8;

    public bool IsEmpty => Value == 0;

    /// <summary>Reads 8 bytes. The caller must ensure <c>bytes.Length == 8</c>.</summary>
    public static SpanId Read(ReadOnlySpan<byte> bytes) => new(BinaryPrimitives.ReadUInt64BigEndian(bytes));

    public void WriteTo(Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, Value);

    public int CompareTo(SpanId other) => Value.CompareTo(other.Value);

    public string ToHex() => string.Create(16, Value, static (chars, v) => Hex.Write(v, chars));

    public override string ToString() => ToHex();

    public static bool TryParseHex(ReadOnlySpan<char> hex, out SpanId id)
    {
        id = default;
        if (hex.Length != 16 || !Hex.TryRead(hex, out var v)) return false;
        id = new SpanId(v);
        return true;
    }

    /// <summary>Parses exactly 16 hex digits (the OTLP/JSON rule).</summary>
    public static bool TryParseExactHex(ReadOnlySpan<byte> utf8Hex, out SpanId id)
    {
        id = default;
        if (utf8Hex.Length != 16 || !Hex.TryRead(utf8Hex, out var v)) return false;
        id = new SpanId(v);
        return true;
    }
}
