using System.Globalization;
using System.Text;
using Orrery.Signals.Labels;
using MatchType = Orrery.Signals.Labels.MatchType;

namespace Orrery.Query.LogQL.Syntax;

/// <summary>
/// A parsed LogQL query. <see cref="object.ToString"/> prints the canonical query text, which
/// parses back to an equal tree. Records compare by value so parse tests compare whole trees.
/// </summary>
public abstract record LogQLExpr
{
    public abstract void Print(StringBuilder text);

    public sealed override string ToString()
    {
        var text = new StringBuilder();
        Print(text);
        return text.ToString();
    }
}

/// <summary>A log query: a stream selector and its pipeline.</summary>
public sealed record LogSelectorExpr(EquatableList<LabelMatcherSpec> Matchers, EquatableList<PipelineStage> Stages) : LogQLExpr
{
    public override void Print(StringBuilder text)
    {
        text.Append('{').AppendJoin(", ", Matchers).Append('}');
        foreach (var stage in Stages)
        {
            text.Append(' ');
            stage.Print(text);
        }
    }

    public IReadOnlyList<LabelMatcher> ToMatchers() => Matchers.Select(m => m.ToMatcher()).ToList();
}

/// <summary>A label matcher as written (records compare by value; <see cref="LabelMatcher"/> does not).</summary>
public sealed record LabelMatcherSpec(MatchType Type, string Name, string Value)
{
    public LabelMatcher ToMatcher() => new(Type, Name, Value);

    public override string ToString() => Name + Ops.MatchOp(Type) + Ops.Quote(Value);
}

/// <summary>Base of the metric side (range and vector aggregations, binary operations, literals).</summary>
public abstract record MetricExpr : LogQLExpr;

public sealed record Grouping(bool Without, EquatableList<string> Labels)
{
    public override string ToString() => (Without ? "without" : "by") + " (" + string.Join(", ", Labels) + ")";
}

/// <summary><c>| unwrap [conversion(]label[)]</c> with the label filters that follow it.</summary>
public sealed record UnwrapExpr(string Label, string? Conversion, EquatableList<LabelFilterExpr> PostFilters)
{
    public override string ToString()
    {
        var text = new StringBuilder("| unwrap ");
        text.Append(Conversion is null ? Label : $"{Conversion}({Label})");
        foreach (var filter in PostFilters) text.Append(" | ").Append(filter);
        return text.ToString();
    }
}

/// <summary>The log selection of a range aggregation: <c>{…} | pipeline | unwrap x [5m] offset 1h</c>.</summary>
public sealed record LogRangeExpr(LogSelectorExpr Selector, long RangeNs, UnwrapExpr? Unwrap, long OffsetNs)
{
    public override string ToString()
    {
        var text = new StringBuilder();
        Selector.Print(text);
        if (Unwrap is not null) text.Append(' ').Append(Unwrap);
        text.Append('[').Append(Ops.FormatDuration(RangeNs)).Append(']');
        if (OffsetNs != 0) text.Append(" offset ").Append(Ops.FormatDuration(OffsetNs));
        return text.ToString();
    }
}

public sealed record RangeAggregationExpr(string Op, LogRangeExpr Range, double? Parameter, Grouping? Grouping) : MetricExpr
{
    public override void Print(StringBuilder text)
    {
        text.Append(Op).Append('(');
        if (Parameter is { } p) text.Append(Ops.FormatNumber(p)).Append(", ");
        text.Append(Range).Append(')');
        if (Grouping is not null) text.Append(' ').Append(Grouping);
    }
}

public sealed record VectorAggregationExpr(string Op, MetricExpr Inner, double? Parameter, Grouping? Grouping) : MetricExpr
{
    public override void Print(StringBuilder text)
    {
        text.Append(Op);
        if (Grouping is not null) text.Append(' ').Append(Grouping).Append(' ');
        text.Append('(');
        if (Parameter is { } p) text.Append(Ops.FormatNumber(p)).Append(", ");
        Inner.Print(text);
        text.Append(')');
    }
}

/// <summary><c>on(…)</c>/<c>ignoring(…)</c> with an optional <c>group_left</c>/<c>group_right</c>.</summary>
public sealed record VectorMatching(bool On, EquatableList<string> Labels, string? GroupSide, EquatableList<string> Include)
{
    public override string ToString()
    {
        var text = new StringBuilder(On ? "on" : "ignoring").Append(" (").AppendJoin(", ", Labels).Append(')');
        if (GroupSide is not null) text.Append(' ').Append(GroupSide).Append(" (").AppendJoin(", ", Include).Append(')');
        return text.ToString();
    }
}

public sealed record BinaryOpExpr(string Op, MetricExpr Left, MetricExpr Right, bool ReturnBool, VectorMatching? Matching) : MetricExpr
{
    public override void Print(StringBuilder text)
    {
        PrintOperand(text, Left);
        text.Append(' ').Append(Op);
        if (ReturnBool) text.Append(" bool");
        if (Matching is not null) text.Append(' ').Append(Matching);
        text.Append(' ');
        PrintOperand(text, Right);
    }

    // Nested binary operations are always parenthesized: the printed form never depends on precedence.
    private static void PrintOperand(StringBuilder text, MetricExpr operand)
    {
        if (operand is BinaryOpExpr)
        {
            text.Append('(');
            operand.Print(text);
            text.Append(')');
        }
        else operand.Print(text);
    }
}

public sealed record LiteralExpr(double Value) : MetricExpr
{
    public override void Print(StringBuilder text) => text.Append(Ops.FormatNumber(Value));
}

/// <summary><c>vector(1)</c>: a label-less sample at every step.</summary>
public sealed record VectorExpr(double Value) : MetricExpr
{
    public override void Print(StringBuilder text) => text.Append("vector(").Append(Ops.FormatNumber(Value)).Append(')');
}

/// <summary>
/// <c>label_replace(v, "dst", "replacement", "src", "regex")</c>: where the anchored regex
/// matches a series' <c>src</c> value, <c>dst</c> becomes the expanded replacement (removed when empty).
/// </summary>
public sealed record LabelReplaceExpr(MetricExpr Inner, string Destination, string Replacement, string Source, string Regex) : MetricExpr
{
    public override void Print(StringBuilder text)
    {
        text.Append("label_replace(");
        Inner.Print(text);
        text.Append(", ").Append(Ops.Quote(Destination)).Append(", ").Append(Ops.Quote(Replacement))
            .Append(", ").Append(Ops.Quote(Source)).Append(", ").Append(Ops.Quote(Regex)).Append(')');
    }
}

/// <summary>Printing helpers shared by the syntax tree.</summary>
public static class Ops
{
    public static string MatchOp(MatchType type) => type switch
    {
        MatchType.Equal => "=",
        MatchType.NotEqual => "!=",
        MatchType.Regex => "=~",
        _ => "!~",
    };

    /// <summary>Quotes as Go's strconv.Quote does for the characters that matter in queries.</summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\t': text.Append("\\t"); break;
                case '\r': text.Append("\\r"); break;
                default:
                    if (char.IsControl(c)) text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }
        return text.Append('"').ToString();
    }

    public static string FormatNumber(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>As Prometheus's model.Duration prints: the largest units first (<c>1h30m</c>, <c>1d</c>, <c>500ms</c>).</summary>
    public static string FormatDuration(long nanos)
    {
        if (nanos == 0) return "0s";
        var text = new StringBuilder();
        if (nanos < 0)
        {
            text.Append('-');
            nanos = -nanos;
        }
        if (nanos % 1_000_000 != 0) return text.Append(nanos.ToString(CultureInfo.InvariantCulture)).Append("ns").ToString();
        var ms = nanos / 1_000_000;
        (string Unit, long Ms)[] units = [("y", 365L * 24 * 3600 * 1000), ("w", 7L * 24 * 3600 * 1000), ("d", 24L * 3600 * 1000), ("h", 3600L * 1000), ("m", 60_000), ("s", 1000), ("ms", 1)];
        foreach (var (unit, size) in units)
        {
            if (ms < size) continue;
            text.Append((ms / size).ToString(CultureInfo.InvariantCulture)).Append(unit);
            ms %= size;
        }
        return text.ToString();
    }
}
