using Orrery.Storage.Metrics;

namespace Orrery.Api.Prometheus;

/// <summary><c>/api/v1/query_exemplars</c>: the exemplars of the series an expression selects.</summary>
internal sealed class ExemplarsHandler(IMetricReader reader)
{
    public PrometheusResult Handle(string tenant, PrometheusForm form)
    {
        if (PrometheusParameters.TryGetRange(form, out var startMs, out var endMs) is { } rangeError) return BadData(rangeError);
        if (endMs < startMs) return BadData("end timestamp must not be before start timestamp");
        if (!SelectorExtractor.TryExtract(form.Get("query"), out var selectors, out var error)) return BadData(error!);
        // An expression without a selector (a number) has no exemplars; Prometheus then answers 204.
        if (selectors.Count == 0) return new NoContentResult();
        return new ExemplarsData(reader.Exemplars(tenant, selectors, startMs, endMs));
    }

    private static PrometheusError BadData(string message) => new(PrometheusErrorType.BadData, message);
}
