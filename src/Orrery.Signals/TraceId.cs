using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Orrery.Signals;

/// <summary>
/// A 128-bit W3C/OTLP trace id. Stored as two big-endian halves so that ordering by
/// (High, Low) equals ordering by the id's bytes, which is the order blocks sort spans in.
/// </summary>
public readonly record struct TraceId(ulong High, ulong Low) : IComparable<TraceId>
{
    public const int Size = 16;

    public bool IsEmpty => High == 0 && Low == 0;

    /// <summary>Reads 16 bytes. The caller must ensure <c>bytes.Length == 16</c>.</summary>
    public static TraceId Read(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    public int CompareTo(TraceId other)
    {
        var c = High.CompareTo(other.High);
        return c != 0 ? c : Low.CompareTo(other.Low);
    }

    /// <summary>Lower-case, 32 hex digits: the form OTLP/JSON and Tempo use.</summary>
    public string ToHex() => string.Create(32, this, static (chars, id) =>
    {
        Hex.Write(id.High, chars);
        Hex.Write(id.Low, chars[16..]);
    });

    public override string ToString() => ToHex();

    /// <summary>
    /// Parses up to 32 hex digits. Shorter ids are left-padded with zeros, as Tempo does
    /// for ids whose leading zeros were dropped by a client.
    /// </summary>
    public static bool TryParseHex(ReadOnlySpan<char> hex, out TraceId id)
    {
        id = default;
        if (hex.Length == 0 || hex.Length > 32) return false;
        Span<char> padded = stackalloc char[32];
        padded.Fill('0');
        hex.CopyTo(padded[(32 - hex.Length)..]);
        if (!Hex.TryRead(padded[..16], out var high) || !Hex.TryRead(padded[16..], out var low)) return false;
        id = new TraceId(high, low);
        return true;
    }

    /// <summary>Parses exactly 32 hex digits (the OTLP/JSON rule); anything else is invalid.</summary>
    public static bool TryParseExactHex(ReadOnlySpan<byte> utf8Hex, out TraceId id)
    {
        id = default;
        if (utf8Hex.Length != 32) return false;
        if (!Hex.TryRead(utf8Hex[..16], out var high) || !Hex.TryRead(utf8Hex[16..], out var low)) return false;
        id = new TraceId(high, low);
        return true;
    }

    public static TraceId ParseHex(string hex) =>
        TryParseHex(hex, out var id) ? id : throw new FormatException($"invalid trace id '{hex}'");

    [SuppressMessage("Usage", "CA2225", Justification = "CompareTo is the named alternative")]
    public static bool operator <(TraceId a, TraceId b) => a.CompareTo(b) < 0;
    public static bool operator >(TraceId a, TraceId b) => a.CompareTo(b) > 0;
    public static bool operator <=(TraceId a, TraceId b) => a.CompareTo(b) <= 0;
    public static bool operator >=(TraceId a, TraceId b) => a.CompareTo(b) >= 0;
}
