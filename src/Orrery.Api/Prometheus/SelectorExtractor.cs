using System.Collections.Frozen;
using Orrery.Signals.Labels;

namespace Orrery.Api.Prometheus;

/// <summary>
/// Finds the vector selectors in a PromQL expression, as Prometheus's <c>ExtractSelectors</c>
/// does for <c>/api/v1/query_exemplars</c>: Grafana sends the panel's whole query there
/// (<c>histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))</c>), not a bare selector.
/// </summary>
/// <remarks>
/// A scan, not a parse: it steps over functions, aggregations and their grouping labels,
/// keywords, numbers, strings and range brackets, and parses whatever is left as selectors.
/// It accepts some expressions PromQL would reject; the PromQL parser of the next issue replaces
/// it, and until then the only cost is an answer for a malformed query instead of an error.
/// </remarks>
internal static class SelectorExtractor
{
    /// <summary>Words that never start a selector; the grouping ones are followed by a label list in parentheses.</summary>
    private static readonly FrozenSet<string> Keywords = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool",
        "and", "or", "unless", "atan2", "inf", "nan",
        "sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk",
        "count_values", "quantile", "limitk", "limit_ratio");

    private static readonly FrozenSet<string> Grouping = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "by", "without", "on", "ignoring", "group_left", "group_right");

    public static bool TryExtract(string expression, out List<IReadOnlyList<LabelMatcher>> selectors, out string? error)
    {
        ArgumentNullException.ThrowIfNull(expression);
        selectors = [];
        error = null;
        var scan = new SelectorParser(expression);
        scan.SkipSpace();
        if (scan.AtEnd)
        {
            error = scan.Error(scan.Position, "no expression found in input");
            return false;
        }
        while (true)
        {
            scan.SkipSpace();
            if (scan.AtEnd) return true;
            var c = scan.Peek;
            if (SelectorParser.IsQuote(c))
            {
                if (!scan.TryReadString(out _, out var stringError))
                {
                    error = scan.Error(scan.Position, stringError!);
                    return false;
                }
            }
            else if (c == '[') SkipPast(scan, ']');
            else if (char.IsAsciiDigit(c) || c == '.') scan.ReadWhile(static d => char.IsAsciiLetterOrDigit(d) || d is '.' or '_');
            else if (c == '{' || SelectorParser.IsMetricNameStart(c))
            {
                if (!TryStepOverWord(scan))
                {
                    if (!scan.TryParseSelector(checkAsQuery: true, out var matchers, out error)) return false;
                    selectors.Add(matchers);
                }
            }
            else scan.Advance();
        }
    }

    /// <summary>Steps over a keyword or a function name (and a grouping clause's label list); false when a selector starts here.</summary>
    private static bool TryStepOverWord(SelectorParser scan)
    {
        if (scan.Peek == '{') return false;
        var start = scan.Position;
        var probe = CloneAt(scan, start);
        var word = probe.ReadWhile(SelectorParser.IsMetricNameChar);
        probe.SkipSpace();
        var isFunction = probe.Peek == '(';
        if (!Keywords.Contains(word) && !isFunction) return false;
        scan.ReadWhile(SelectorParser.IsMetricNameChar);
        if (Grouping.Contains(word))
        {
            scan.SkipSpace();
            if (scan.Peek == '(') SkipPast(scan, ')');
        }
        return true;
    }

    private static SelectorParser CloneAt(SelectorParser scan, int position) => new(scan.Text, position);

    /// <summary>Skips to just past <paramref name="close"/>, stepping over strings on the way.</summary>
    private static void SkipPast(SelectorParser scan, char close)
    {
        scan.Advance();
        while (!scan.AtEnd && scan.Peek != close)
        {
            if (SelectorParser.IsQuote(scan.Peek) && scan.TryReadString(out _, out _)) continue;
            scan.Advance();
        }
        scan.Advance();
    }
}
