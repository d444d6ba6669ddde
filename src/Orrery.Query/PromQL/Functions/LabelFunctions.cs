using System.Text;
using Orrery.Query.PromQL.Engine;

namespace Orrery.Query.PromQL.Functions;

/// <summary>label_replace and label_join: they rewrite labels and keep values (and the metric name).</summary>
internal static class LabelFunctions
{
    /// <summary><c>label_replace(v, dst, replacement, src, regex)</c>.</summary>
    public static void LabelReplace(FunctionCall call, List<Sample> output)
    {
        var dst = call.Strings[1] ?? string.Empty;
        var replacement = call.Strings[2] ?? string.Empty;
        var src = call.Strings[3] ?? string.Empty;
        var pattern = call.Strings[4] ?? string.Empty;
        var regex = GoRegex.CompileAnchored(pattern)
            ?? throw new PromQLException(PromErrorType.Execution, "invalid regular expression in label_replace(): " + pattern);
        if (!LabelEdits.IsValidLabelName(dst))
            throw new PromQLException(PromErrorType.Execution, "invalid destination label name in label_replace(): " + dst);
        foreach (var s in call.Vector)
        {
            // No match leaves the series as it is.
            var metric = regex.TryMatchAndExpand(s.Metric.Get(src), replacement, out var value)
                ? LabelEdits.With(s.Metric, dst, value)
                : s.Metric;
            output.Add(s with { Metric = metric, T = call.TimestampMs });
        }
    }

    /// <summary><c>label_join(v, dst, separator, src...)</c>; missing source labels join as "".</summary>
    public static void LabelJoin(FunctionCall call, List<Sample> output)
    {
        var dst = call.Strings[1] ?? string.Empty;
        var separator = call.Strings[2] ?? string.Empty;
        var sources = new string[Math.Max(0, call.Strings.Length - 3)];
        for (var i = 0; i < sources.Length; i++)
        {
            var src = call.Strings[i + 3] ?? string.Empty;
            if (!LabelEdits.IsValidLabelName(src))
                throw new PromQLException(PromErrorType.Execution, "invalid source label name in label_join(): " + src);
            sources[i] = src;
        }
        if (!LabelEdits.IsValidLabelName(dst))
            throw new PromQLException(PromErrorType.Execution, "invalid destination label name in label_join(): " + dst);
        var joined = new StringBuilder();
        foreach (var s in call.Vector)
        {
            joined.Clear();
            for (var i = 0; i < sources.Length; i++)
            {
                if (i > 0) joined.Append(separator);
                joined.Append(s.Metric.Get(sources[i]));
            }
            output.Add(s with { Metric = LabelEdits.With(s.Metric, dst, joined.ToString()), T = call.TimestampMs });
        }
    }
}
