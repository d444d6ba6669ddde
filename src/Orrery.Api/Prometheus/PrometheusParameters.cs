using System.Globalization;
using Orrery.Query.PromQL.Syntax;
using Orrery.Signals.Labels;

namespace Orrery.Api.Prometheus;

/// <summary>The parameters the read endpoints share, parsed and worded as Prometheus does.</summary>
internal static class PrometheusParameters
{
    public const string MatchParameter = "match[]";

    /// <summary>
    /// Every <c>match[]</c> value as a selector. Each set must select something on its own:
    /// a set whose every matcher also matches the empty value would select every series.
    /// </summary>
    public static string? TryGetMatcherSets(PrometheusForm form, out List<IReadOnlyList<LabelMatcher>> matcherSets)
    {
        ArgumentNullException.ThrowIfNull(form);
        matcherSets = [];
        foreach (var text in form.GetAll(MatchParameter))
        {
            try
            {
                // The PromQL parser's selector rule, so match[] accepts and refuses what queries do.
                matcherSets.Add(PromQLParser.ParseSelector(text).Matchers);
            }
            catch (PromQLParseException e)
            {
                return InvalidParameter(MatchParameter, e.Message);
            }
        }
        return null;
    }

    /// <summary>start (default: the earliest time) and end (default: the latest).</summary>
    public static string? TryGetRange(PrometheusForm form, out long startMs, out long endMs)
    {
        endMs = PrometheusTime.MaxTimeMs;
        return PrometheusTime.TryGetParam(form, "start", PrometheusTime.MinTimeMs, out startMs)
            ?? PrometheusTime.TryGetParam(form, "end", PrometheusTime.MaxTimeMs, out endMs);
    }

    /// <summary>
    /// <c>limit</c> as <c>/series</c>, <c>/labels</c> and <c>/label/…/values</c> take it: absent
    /// or 0 means no limit (<see cref="int.MaxValue"/>), negative is an error.
    /// </summary>
    public static string? TryGetLimit(PrometheusForm form, out int limit)
    {
        ArgumentNullException.ThrowIfNull(form);
        limit = int.MaxValue;
        var text = form.Get("limit");
        if (text.Length == 0) return null;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out limit))
        {
            limit = int.MaxValue;
            return InvalidParameter("limit", $"strconv.Atoi: parsing {GoQuote(text)}: invalid syntax");
        }
        if (limit < 0) return InvalidParameter("limit", "limit must be non-negative");
        if (limit == 0) limit = int.MaxValue;
        return null;
    }

    public static string InvalidParameter(string name, string reason) => $"invalid parameter \"{name}\": {reason}";

    /// <summary>Go's <c>%q</c> for the characters a parameter usually holds.</summary>
    public static string GoQuote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
