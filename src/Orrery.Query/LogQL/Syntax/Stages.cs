using System.Text;

namespace Orrery.Query.LogQL.Syntax;

/// <summary>One stage of a log pipeline as written; printed with its leading operator (<c>| json</c>, <c>|= "x"</c>).</summary>
public abstract record PipelineStage
{
    public abstract void Print(StringBuilder text);

    public sealed override string ToString()
    {
        var text = new StringBuilder();
        Print(text);
        return text.ToString();
    }
}

public enum LineFilterOp
{
    /// <summary><c>|=</c></summary>
    Contains,
    /// <summary><c>!=</c></summary>
    NotContains,
    /// <summary><c>|~</c></summary>
    Match,
    /// <summary><c>!~</c></summary>
    NotMatch,
}

/// <summary>A line filter; several values are alternatives (<c>|= "a" or "b"</c>).</summary>
public sealed record LineFilterStage(LineFilterOp Op, EquatableList<string> Values) : PipelineStage
{
    public override void Print(StringBuilder text)
    {
        text.Append(Op switch { LineFilterOp.Contains => "|=", LineFilterOp.NotContains => "!=", LineFilterOp.Match => "|~", _ => "!~" });
        for (var i = 0; i < Values.Count; i++)
        {
            text.Append(i == 0 ? " " : " or ").Append(Ops.Quote(Values[i]));
        }
    }
}

/// <summary><c>|= ip("…")</c> keeps lines holding an address the pattern matches; <c>!= ip("…")</c> lines holding none.</summary>
public sealed record IpLineFilterStage(bool Contains, string Pattern) : PipelineStage
{
    public override void Print(StringBuilder text) => text.Append(Contains ? "|= ip(" : "!= ip(").Append(Ops.Quote(Pattern)).Append(')');
}

/// <summary>A parser parameter: <c>name="expression"</c> (a JSON path for <c>json</c>, a key for <c>logfmt</c>).</summary>
public sealed record LabelExtraction(string Name, string Expression)
{
    public override string ToString() => Name + "=" + Ops.Quote(Expression);
}

public sealed record JsonParserStage(EquatableList<LabelExtraction> Parameters) : PipelineStage
{
    public override void Print(StringBuilder text)
    {
        text.Append("| json");
        if (Parameters.Count > 0) text.Append(' ').AppendJoin(", ", Parameters);
    }
}

public sealed record LogfmtParserStage(bool Strict, bool KeepEmpty, EquatableList<LabelExtraction> Parameters) : PipelineStage
{
    public override void Print(StringBuilder text)
    {
        text.Append("| logfmt");
        if (Strict) text.Append(" --strict");
        if (KeepEmpty) text.Append(" --keep-empty");
        if (Parameters.Count > 0) text.Append(' ').AppendJoin(", ", Parameters);
    }
}

public sealed record RegexpParserStage(string Pattern) : PipelineStage
{
    public override void Print(StringBuilder text) => text.Append("| regexp ").Append(Ops.Quote(Pattern));
}

public sealed record PatternParserStage(string Pattern) : PipelineStage
{
    public override void Print(StringBuilder text) => text.Append("| pattern ").Append(Ops.Quote(Pattern));
}

public sealed record UnpackStage : PipelineStage
{
    public override void Print(StringBuilder text) => text.Append("| unpack");
}

public sealed record DecolorizeStage : PipelineStage
{
    public override void Print(StringBuilder text) => text.Append("| decolorize");
}

public sealed record LabelFilterStage(LabelFilterExpr Filter) : PipelineStage
{
    public override void Print(StringBuilder text) => text.Append("| ").Append(Filter);
}

public sealed record LineFormatStage(string Template) : PipelineStage
{
    public override void Print(StringBuilder text) => text.Append("| line_format ").Append(Ops.Quote(Template));
}

/// <summary><c>dst=src</c> renames a label (<paramref name="IsTemplate"/> false); <c>dst="{{…}}"</c> sets it from a template.</summary>
public sealed record LabelFormatItem(string Name, string Value, bool IsTemplate)
{
    public override string ToString() => Name + "=" + (IsTemplate ? Ops.Quote(Value) : Value);
}

public sealed record LabelFormatStage(EquatableList<LabelFormatItem> Items) : PipelineStage
{
    public override void Print(StringBuilder text) => text.Append("| label_format ").AppendJoin(", ", Items);
}

/// <summary>A label named in <c>drop</c>/<c>keep</c>; with a matcher, only when its value matches.</summary>
public sealed record LabelSelection(string Name, LabelMatcherSpec? Matcher)
{
    public override string ToString() => Matcher?.ToString() ?? Name;
}

public sealed record DropStage(EquatableList<LabelSelection> Labels) : PipelineStage
{
    public override void Print(StringBuilder text) => text.Append("| drop ").AppendJoin(", ", Labels);
}

public sealed record KeepStage(EquatableList<LabelSelection> Labels) : PipelineStage
{
    public override void Print(StringBuilder text) => text.Append("| keep ").AppendJoin(", ", Labels);
}
