using System.Text;

namespace Orrery.Signals;

/// <summary>The OTLP AnyValue cases. <see cref="Empty"/> is an AnyValue with no value set.</summary>
public enum ValueKind : byte
{
    Empty = 0,
    String = 1,
    Bool = 2,
    Int = 3,
    Double = 4,
    Array = 5,
    KvList = 6,
    Bytes = 7,
}

/// <summary>
/// An attribute value without boxing. Scalars live in <see cref="Scalar"/> (bool as 0/1,
/// double as its IEEE bits); strings and bytes in the batch's arena. Arrays and kvlists keep the
/// protobuf encoding of the OTLP <c>ArrayValue</c> / <c>KeyValueList</c> message in the arena:
/// they are rare, are never filtered on by the hot path, and are decoded only when read.
/// </summary>
public struct AnyValueRow
{
    public ValueKind Kind;
    public long Scalar;
    public Utf8Ref Bytes;

    public static AnyValueRow FromString(Utf8Ref s) => new() { Kind = ValueKind.String, Bytes = s };
    public static AnyValueRow FromBool(bool b) => new() { Kind = ValueKind.Bool, Scalar = b ? 1 : 0 };
    public static AnyValueRow FromInt(long v) => new() { Kind = ValueKind.Int, Scalar = v };
    public static AnyValueRow FromDouble(double v) => new() { Kind = ValueKind.Double, Scalar = BitConverter.DoubleToInt64Bits(v) };

    public readonly bool AsBool => Scalar != 0;
    public readonly long AsInt => Scalar;
    public readonly double AsDouble => BitConverter.Int64BitsToDouble(Scalar);
}

/// <summary>An attribute: key (UTF-8 in the arena) and value.</summary>
public struct KeyValueRow
{
    public Utf8Ref Key;
    public AnyValueRow Value;
}

/// <summary>Formatting helpers for values held in a batch.</summary>
public static class AnyValueText
{
    /// <summary>The value as a plain string, as Tempo shows tag values (no quotes).</summary>
    public static string Format(in AnyValueRow v, ByteArena arena) => v.Kind switch
    {
        ValueKind.String => arena.GetString(v.Bytes),
        ValueKind.Bool => v.AsBool ? "true" : "false",
        ValueKind.Int => v.AsInt.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ValueKind.Double => v.AsDouble.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        ValueKind.Bytes => Convert.ToBase64String(arena.Get(v.Bytes)),
        ValueKind.Empty => string.Empty,
        _ => Encoding.UTF8.GetString(arena.Get(v.Bytes)),
    };
}
