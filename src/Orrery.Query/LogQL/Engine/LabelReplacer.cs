using Orrery.Query.LogQL.Pipeline;
using Orrery.Query.LogQL.Syntax;
using Orrery.Signals.Labels;

namespace Orrery.Query.LogQL.Engine;

/// <summary><c>label_replace</c> as Prometheus defines it, applied to every series of a vector.</summary>
internal static class LabelReplacer
{
    public static VectorSteps Evaluate(LabelReplaceExpr expr, VectorSteps input)
    {
        var regex = RegexFactory.Create(expr.Regex, anchored: true);
        // .NET and Go expand $1 and ${name} alike; RE2's (?P<name>) groups were renamed by RegexFactory.
        var seen = new HashSet<LabelSet>();
        foreach (var series in input.Series)
        {
            var match = regex.Match(series.Labels.Get(expr.Source));
            if (match.Success)
            {
                var value = match.Result(expr.Replacement);
                series.Labels = With(series.Labels, expr.Destination, value);
            }
            if (!seen.Add(series.Labels)) throw new LogQLException("vector cannot contain metrics with the same labelset");
        }
        return input;
    }

    private static LabelSet With(LabelSet labels, string name, string value)
    {
        var kept = new List<Label>(labels.Count + 1);
        foreach (var label in labels.AsSpan())
        {
            if (!string.Equals(label.Name, name, StringComparison.Ordinal)) kept.Add(label);
        }
        if (value.Length > 0) kept.Add(new Label(name, value));
        return LabelSet.From(kept);
    }
}
