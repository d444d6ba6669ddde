using System.Text;
using Orrery.Query.TraceQL.Syntax;

namespace Orrery.Query.TraceQL.Metrics;

/// <summary>
/// One span field's value read without allocating: numbers in <see cref="Int"/>/<see cref="Float"/>,
/// text as bytes borrowed from the batch (valid until the batch or the reader's scratch buffer changes).
/// <see cref="StaticType.Nil"/> means the span has no such field.
/// </summary>
public readonly ref struct FieldValue
{
    public FieldValue(StaticType type, long integer = 0, double number = 0, ReadOnlySpan<byte> text = default)
    {
        Type = type;
        Int = integer;
        Float = number;
        Text = text;
    }

    public StaticType Type { get; }

    /// <summary>Ints, booleans (0/1), durations (nanoseconds), status and kind codes.</summary>
    public long Int { get; }

    public double Float { get; }

    public ReadOnlySpan<byte> Text { get; }

    public static FieldValue Nil => new(StaticType.Nil);

    /// <summary>The value as a number, as Tempo's metrics read fields: durations in seconds; NaN when not numeric.</summary>
    public double AsNumber() => Type switch
    {
        StaticType.Int => Int,
        StaticType.Float => Float,
        StaticType.Duration => Int / 1e9,
        _ => double.NaN,
    };

    /// <summary>Materializes the value for a series label (once per series, not per span).</summary>
    public StaticValue ToStatic() => Type switch
    {
        StaticType.String => StaticValue.OfString(Encoding.UTF8.GetString(Text)),
        StaticType.Int => StaticValue.OfInt(Int),
        StaticType.Float => StaticValue.OfFloat(Float),
        StaticType.Boolean => StaticValue.OfBool(Int != 0),
        StaticType.Duration => StaticValue.OfDuration(Int),
        StaticType.Status => StaticValue.OfStatus((SpanStatusValue)Int),
        StaticType.Kind => StaticValue.OfKind((SpanKindValue)Int),
        _ => StaticValue.Nil,
    };
}
