using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.RegularExpressions;
using Orrery.Signals;

namespace Orrery.Pipeline.Processors.Filtering;

internal enum FieldKind : byte
{
    /// <summary>The attribute or field is absent (OTTL's <c>nil</c>).</summary>
    Missing,
    String,
    Int,
    Double,
    Bool,
    /// <summary>Bytes, arrays and maps: present, but equal to no literal.</summary>
    Other,
}

/// <summary>A value read from a batch for one comparison, without copying strings out of the arena.</summary>
internal readonly ref struct FieldValue
{
    public readonly FieldKind Kind;
    public readonly ReadOnlySpan<byte> Utf8;
    public readonly long Int;
    public readonly double Double;

    private FieldValue(FieldKind kind, ReadOnlySpan<byte> utf8, long i, double d)
    {
        Kind = kind;
        Utf8 = utf8;
        Int = i;
        Double = d;
    }

    public static FieldValue Missing => default;

    public static FieldValue String(ReadOnlySpan<byte> utf8) => new(FieldKind.String, utf8, 0, 0);

    public static FieldValue Integer(long value) => new(FieldKind.Int, default, value, 0);

    public static FieldValue Float(double value) => new(FieldKind.Double, default, 0, value);

    public static FieldValue Boolean(bool value) => new(FieldKind.Bool, default, value ? 1 : 0, 0);

    public static FieldValue Of(in AnyValueRow value, ByteArena arena) => value.Kind switch
    {
        ValueKind.String => String(arena.Get(value.Bytes)),
        ValueKind.Int => Integer(value.AsInt),
        ValueKind.Double => Float(value.AsDouble),
        ValueKind.Bool => Boolean(value.AsBool),
        ValueKind.Empty => Missing,
        _ => new(FieldKind.Other, default, 0, 0),
    };

    public bool IsNumber => Kind is FieldKind.Int or FieldKind.Double;

    public double AsDouble => Kind == FieldKind.Int ? Int : Double;

    /// <summary>Whether the value's text form matches <paramref name="regex"/>; absent and composite values never match.</summary>
    public bool Matches(Regex regex)
    {
        switch (Kind)
        {
            case FieldKind.String:
                {
                    char[]? rented = null;
                    var max = Utf8.Length; // UTF-8 never decodes to more chars than bytes
                    var chars = max <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(max));
                    try
                    {
                        var n = Encoding.UTF8.GetChars(Utf8, chars);
                        return regex.IsMatch(chars[..n]);
                    }
                    finally
                    {
                        if (rented is not null) ArrayPool<char>.Shared.Return(rented);
                    }
                }
            case FieldKind.Int or FieldKind.Double or FieldKind.Bool:
                {
                    Span<byte> utf8 = stackalloc byte[32];
                    Span<char> chars = stackalloc char[32];
                    var ok = Kind switch
                    {
                        FieldKind.Int => Utf8Formatter.TryFormat(Int, utf8, out var w1) ? w1 : -1,
                        FieldKind.Double => Double.TryFormat(utf8, out var w2, "R", System.Globalization.CultureInfo.InvariantCulture) ? w2 : -1,
                        _ => Int != 0 ? Copy("true"u8, utf8) : Copy("false"u8, utf8),
                    };
                    if (ok < 0) return false;
                    var n = Encoding.UTF8.GetChars(utf8[..ok], chars);
                    return regex.IsMatch(chars[..n]);
                }
            default:
                return false;
        }
    }

    private static int Copy(ReadOnlySpan<byte> from, Span<byte> to)
    {
        from.CopyTo(to);
        return from.Length;
    }
}
