using Orrery.Query.PromQL.Engine;
using Orrery.Query.PromQL.Syntax;
using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;

namespace Orrery.Query.PromQL.Functions;

/// <summary>
/// absent and absent_over_time. Both are instant functions because their output labels come
/// from the argument's selector, not from a series: for <c>absent_over_time(m[d])</c> the
/// engine passes in <see cref="FunctionCall.Vector"/> whatever series had a sample in this
/// step's window (e.g. the output of present_over_time) and the matrix argument in
/// <see cref="FunctionCall.ArgExprs"/>[0].
/// </summary>
public static class AbsentFunctions
{
    public static void Absent(FunctionCall call, List<Sample> output)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(output);
        if (call.Vector.Count > 0) return;
        output.Add(new Sample(LabelsFor(call.ArgExprs.Count > 0 ? call.ArgExprs[0] : null), call.TimestampMs, 1));
    }

    /// <summary>
    /// The labels of absent()'s output: every equality matcher of the selector except on the
    /// metric name; a label that also has any other matcher (or a second equality) is left out.
    /// Any argument that is not a plain selector gives no labels.
    /// </summary>
    public static LabelSet LabelsFor(PromExpr? argument)
    {
        var selector = argument switch
        {
            VectorSelector v => v,
            MatrixSelector m => m.Selector,
            _ => null,
        };
        if (selector is null) return LabelSet.Empty;
        var set = new Dictionary<string, string>(StringComparer.Ordinal);
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in selector.Matchers)
        {
            if (m.Name == LabelSet.MetricName) continue;
            if (m.Type == Orrery.Signals.Labels.MatchType.Equal && !set.ContainsKey(m.Name)) set[m.Name] = m.Value;
            else excluded.Add(m.Name);
        }
        return LabelSet.From(set.Where(p => !excluded.Contains(p.Key)).Select(p => new Label(p.Key, p.Value)));
    }
}
