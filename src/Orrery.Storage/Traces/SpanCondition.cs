using System.Globalization;

namespace Orrery.Storage.Traces;

/// <summary>Where an attribute is looked up, as TraceQL scopes it (<c>.x</c>, <c>resource.x</c>, <c>span.x</c>).</summary>
public enum AttributeScope : byte
{
    /// <summary>Unscoped: the span's attributes, then its resource's.</summary>
    None = 0,
    Resource = 1,
    Span = 2,
    Intrinsic = 3,
    Event = 4,
    Link = 5,
}

/// <summary>Span fields that are not attributes.</summary>
public enum Intrinsic : byte
{
    None = 0,
    Name,
    Status,
    StatusMessage,
    Kind,
    Duration,
    TraceId,
    SpanId,
    ParentSpanId,
    ScopeName,
    ScopeVersion,
}

/// <summary>A reference to an attribute or intrinsic, e.g. <c>resource.service.name</c> or <c>duration</c>.</summary>
public readonly record struct AttributeRef(AttributeScope Scope, string Name, Intrinsic Intrinsic = Intrinsic.None)
{
    public static AttributeRef Resource(string name) => new(AttributeScope.Resource, name);
    public static AttributeRef Span(string name) => new(AttributeScope.Span, name);
    public static AttributeRef Unscoped(string name) => new(AttributeScope.None, name);
    public static AttributeRef Of(Intrinsic intrinsic, string name) => new(AttributeScope.Intrinsic, name, intrinsic);

    public override string ToString() => Scope switch
    {
        AttributeScope.Resource => "resource." + Name,
        AttributeScope.Span => "span." + Name,
        AttributeScope.Intrinsic => Name,
        AttributeScope.Event => "event." + Name,
        AttributeScope.Link => "link." + Name,
        _ => "." + Name,
    };
}

public enum ConditionOperator : byte
{
    /// <summary>The attribute exists (any value).</summary>
    Exists,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Regex,
    NotRegex,
}

public enum StaticKind : byte
{
    None,
    String,
    Int,
    Double,
    Bool,
    /// <summary>A duration in nanoseconds.</summary>
    Duration,
    /// <summary>A span status (<see cref="Signals.Traces.StatusCode"/> in <see cref="StaticValue.Int"/>).</summary>
    Status,
    /// <summary>A span kind (<see cref="Signals.Traces.SpanKind"/> in <see cref="StaticValue.Int"/>).</summary>
    Kind,
}

/// <summary>A literal operand without boxing (Tempo's <c>Static</c>).</summary>
public readonly record struct StaticValue(StaticKind Kind, long Int = 0, double Double = 0, string? String = null)
{
    public static StaticValue Of(string s) => new(StaticKind.String, String: s);
    public static StaticValue Of(long i) => new(StaticKind.Int, Int: i);
    public static StaticValue Of(double d) => new(StaticKind.Double, Double: d);
    public static StaticValue Of(bool b) => new(StaticKind.Bool, Int: b ? 1 : 0);
    public static StaticValue OfDuration(long nanos) => new(StaticKind.Duration, Int: nanos);

    public override string ToString() => Kind switch
    {
        StaticKind.String => String ?? "",
        StaticKind.Double => Double.ToString("R", CultureInfo.InvariantCulture),
        StaticKind.Bool => Int != 0 ? "true" : "false",
        _ => Int.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>One span predicate: <c>attribute op operand</c>.</summary>
public sealed record SpanCondition(AttributeRef Attribute, ConditionOperator Operator, StaticValue Operand);

/// <summary>A distinct tag value with its type, as Tempo's v2 tag-values API reports it.</summary>
public readonly record struct TagValue(string Type, string Value);
