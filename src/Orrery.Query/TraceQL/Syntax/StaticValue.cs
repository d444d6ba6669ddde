namespace Orrery.Query.TraceQL.Syntax;

/// <summary>The type of a field expression as the type checker sees it; <see cref="Attribute"/> means "known only at run time".</summary>
public enum StaticType
{
    Attribute,
    Nil,
    Boolean,
    Int,
    Float,
    String,
    Duration,
    Status,
    Kind,
}

/// <summary>Span status as TraceQL names it (values follow OTLP's status codes).</summary>
public enum SpanStatusValue
{
    Unset = 0,
    Ok = 1,
    Error = 2,
}

/// <summary>Span kind as TraceQL names it (values follow OTLP's span kinds).</summary>
public enum SpanKindValue
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}

/// <summary>
/// A literal. <see cref="Int"/> holds ints, durations (nanoseconds), booleans (0/1) and status/kind
/// codes; <see cref="Float"/> floats; <see cref="Text"/> strings. Compares by value.
/// </summary>
public sealed record StaticValue(StaticType Type, long Int = 0, double Float = 0, string? Text = null)
{
    public static StaticValue Nil { get; } = new(StaticType.Nil);

    public static StaticValue True { get; } = new(StaticType.Boolean, 1);

    public static StaticValue False { get; } = new(StaticType.Boolean, 0);

    public static StaticValue OfInt(long value) => new(StaticType.Int, value);

    public static StaticValue OfFloat(double value) => new(StaticType.Float, Float: value);

    public static StaticValue OfString(string value) => new(StaticType.String, Text: value);

    public static StaticValue OfDuration(long nanoseconds) => new(StaticType.Duration, nanoseconds);

    public static StaticValue OfBool(bool value) => value ? True : False;

    public static StaticValue OfStatus(SpanStatusValue status) => new(StaticType.Status, (long)status);

    public static StaticValue OfKind(SpanKindValue kind) => new(StaticType.Kind, (long)kind);

    public bool IsNumeric => Type is StaticType.Int or StaticType.Float or StaticType.Duration;

    public override string ToString() => TraceQLPrinter.PrintStatic(this);
}
