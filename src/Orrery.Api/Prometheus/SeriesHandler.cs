using Orrery.Query.PromQL.Functions;
using Orrery.Signals.Labels;
using Orrery.Storage.Metrics;

namespace Orrery.Api.Prometheus;

/// <summary><c>/api/v1/series</c>, <c>/api/v1/labels</c> and <c>/api/v1/label/{name}/values</c>: what series exist.</summary>
internal sealed class SeriesHandler(IMetricReader reader)
{
    public PrometheusResult Series(string tenant, PrometheusForm form)
    {
        if (form.GetAll(PrometheusParameters.MatchParameter).Count == 0) return BadData("no match[] parameter provided");
        if (ReadCommon(form, out var startMs, out var endMs, out var matcherSets, out var limit) is { } error) return error;
        var series = reader.Series(tenant, matcherSets, startMs, endMs, PrometheusLimits.Probe(limit, PrometheusLimits.MaxSeries));
        var truncated = PrometheusLimits.Truncate(ref series, limit, PrometheusLimits.MaxSeries);
        return new SeriesData(series) { Warnings = Warnings(truncated) };
    }

    public PrometheusResult LabelNames(string tenant, PrometheusForm form)
    {
        if (ReadCommon(form, out var startMs, out var endMs, out var matcherSets, out var limit) is { } error) return error;
        var names = reader.LabelNames(tenant, matcherSets, startMs, endMs, PrometheusLimits.Probe(limit, PrometheusLimits.MaxStrings));
        var truncated = PrometheusLimits.Truncate(ref names, limit, PrometheusLimits.MaxStrings);
        return new StringsData(names) { Warnings = Warnings(truncated) };
    }

    public PrometheusResult LabelValues(string tenant, string name, PrometheusForm form)
    {
        if (!LabelEdits.IsValidLabelName(name)) return BadData($"invalid label name: {PrometheusParameters.GoQuote(name)}");
        if (ReadCommon(form, out var startMs, out var endMs, out var matcherSets, out var limit) is { } error) return error;
        var values = reader.LabelValues(tenant, name, matcherSets, startMs, endMs, PrometheusLimits.Probe(limit, PrometheusLimits.MaxStrings));
        var truncated = PrometheusLimits.Truncate(ref values, limit, PrometheusLimits.MaxStrings);
        return new StringsData(values) { Warnings = Warnings(truncated) };
    }

    /// <summary>Prometheus checks start, end, match[] and limit in this order; the first failure is the answer.</summary>
    private static PrometheusError? ReadCommon(PrometheusForm form, out long startMs, out long endMs, out List<IReadOnlyList<LabelMatcher>> matcherSets, out int limit)
    {
        matcherSets = [];
        limit = int.MaxValue;
        var error = PrometheusParameters.TryGetRange(form, out startMs, out endMs)
            ?? PrometheusParameters.TryGetMatcherSets(form, out matcherSets)
            ?? PrometheusParameters.TryGetLimit(form, out limit);
        return error is null ? null : BadData(error);
    }

    private static PrometheusError BadData(string message) => new(PrometheusErrorType.BadData, message);

    private static IReadOnlyList<string> Warnings(bool truncated) => truncated ? [PrometheusLimits.TruncatedWarning] : [];
}
