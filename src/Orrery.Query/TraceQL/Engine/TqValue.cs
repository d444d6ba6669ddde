using System.Text;
using Orrery.Query.TraceQL.Syntax;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Query.TraceQL.Engine;

internal enum TqKind : byte
{
    Nil,
    Bool,
    Int,
    Float,
    Duration,
    Status,
    Kind,
    String,
    /// <summary>An attribute that exists but TraceQL cannot compare (array, kvlist, bytes): not nil, equal to nothing.</summary>
    Other,
}

/// <summary>Where a string value's UTF-8 lives; ids are kept as numbers and rendered as hex only when compared.</summary>
internal enum TqStringSource : byte
{
    Arena,
    Static,
    TraceId,
    SpanId,
}

/// <summary>
/// One value during evaluation, without boxing or allocation: numbers inline, strings as a slice
/// of the batch's arena, a query literal's bytes, or an id rendered on demand.
/// </summary>
internal readonly struct TqValue
{
    public readonly TqKind Kind;
    public readonly TqStringSource Source;
    public readonly long Int;
    public readonly long Int2;
    public readonly double Float;
    public readonly Utf8Ref Ref;
    public readonly byte[]? Bytes;

    private TqValue(TqKind kind, long i = 0, double f = 0, TqStringSource source = TqStringSource.Arena, Utf8Ref r = default, byte[]? bytes = null, long i2 = 0)
    {
        Kind = kind;
        Int = i;
        Int2 = i2;
        Float = f;
        Source = source;
        Ref = r;
        Bytes = bytes;
    }

    public static TqValue Nil => default;

    public bool IsNil => Kind == TqKind.Nil;

    public bool IsNumeric => Kind is TqKind.Int or TqKind.Float or TqKind.Duration;

    public bool IsTrue => Kind == TqKind.Bool && Int != 0;

    public double AsDouble => Kind == TqKind.Float ? Float : Int;

    public static TqValue OfBool(bool b) => new(TqKind.Bool, b ? 1 : 0);

    public static TqValue OfInt(long i) => new(TqKind.Int, i);

    public static TqValue OfFloat(double f) => new(TqKind.Float, f: f);

    public static TqValue OfDuration(long nanos) => new(TqKind.Duration, nanos);

    public static TqValue OfStatus(StatusCode s) => new(TqKind.Status, (long)s);

    public static TqValue OfKind(SpanKind k) => new(TqKind.Kind, (long)k);

    public static TqValue OfArena(Utf8Ref r) => new(TqKind.String, r: r);

    public static TqValue OfStatic(byte[] utf8) => new(TqKind.String, source: TqStringSource.Static, bytes: utf8);

    public static TqValue OfTraceId(TraceId id) => new(TqKind.String, (long)id.High, source: TqStringSource.TraceId, i2: (long)id.Low);

    public static TqValue OfSpanId(SpanId id) => new(TqKind.String, (long)id.Value, source: TqStringSource.SpanId);

    public static TqValue Of(in AnyValueRow v) => v.Kind switch
    {
        ValueKind.String => OfArena(v.Bytes),
        ValueKind.Bool => OfBool(v.AsBool),
        ValueKind.Int => OfInt(v.AsInt),
        ValueKind.Double => OfFloat(v.AsDouble),
        ValueKind.Empty => Nil,
        _ => new TqValue(TqKind.Other),
    };

    public static TqValue Of(StaticValue value) => value.Type switch
    {
        StaticType.Boolean => OfBool(value.Int != 0),
        StaticType.Int => OfInt(value.Int),
        StaticType.Float => OfFloat(value.Float),
        StaticType.Duration => OfDuration(value.Int),
        StaticType.Status => new TqValue(TqKind.Status, value.Int),
        StaticType.Kind => new TqValue(TqKind.Kind, value.Int),
        StaticType.String => OfStatic(Encoding.UTF8.GetBytes(value.Text ?? string.Empty)),
        _ => Nil,
    };

    /// <summary>The string's UTF-8; ids are written into <paramref name="scratch"/> (32 bytes).</summary>
    public ReadOnlySpan<byte> Utf8(SpanBatch batch, Span<byte> scratch)
    {
        switch (Source)
        {
            case TqStringSource.Static:
                return Bytes;
            case TqStringSource.TraceId:
                Hex.WriteUtf8((ulong)Int, scratch);
                Hex.WriteUtf8((ulong)Int2, scratch[16..]);
                return scratch[..32];
            case TqStringSource.SpanId:
                Hex.WriteUtf8((ulong)Int, scratch);
                return scratch[..16];
            default:
                return batch.Utf8(Ref);
        }
    }

    /// <summary>The value as the API shows it (allocates: for output only).</summary>
    public StaticValue ToStatic(SpanBatch batch)
    {
        switch (Kind)
        {
            case TqKind.Bool: return StaticValue.OfBool(Int != 0);
            case TqKind.Int: return StaticValue.OfInt(Int);
            case TqKind.Float: return StaticValue.OfFloat(Float);
            case TqKind.Duration: return StaticValue.OfDuration(Int);
            case TqKind.Status: return StaticValue.OfStatus((SpanStatusValue)Int);
            case TqKind.Kind: return StaticValue.OfKind((SpanKindValue)Int);
            case TqKind.String:
                Span<byte> scratch = stackalloc byte[32];
                return StaticValue.OfString(Encoding.UTF8.GetString(Utf8(batch, scratch)));
            default: return StaticValue.Nil;
        }
    }
}
