using Orrery.Api.Prometheus.Query;
using Orrery.Query.PromQL.Syntax;
using Orrery.Storage.Metrics;

namespace Orrery.Api.Prometheus;

/// <summary><c>/api/v1/query_exemplars</c>: the exemplars of the series an expression selects.</summary>
internal sealed class ExemplarsHandler(IMetricReader reader)
{
    public PrometheusResult Handle(string tenant, PrometheusForm form)
    {
        if (PrometheusParameters.TryGetRange(form, out var startMs, out var endMs) is { } rangeError) return BadData(rangeError);
        if (endMs < startMs) return BadData("end timestamp must not be before start timestamp");
        PromExpr expr;
        try
        {
            expr = PromQLParser.Parse(form.Get("query"));
        }
        catch (PromQLParseException e)
        {
            // Prometheus answers the parser's message as it is here, without naming the parameter.
            return BadData(e.Message);
        }
        var selectors = PromQLSelectors.Extract(expr);
        // An expression without a selector (a number) has no exemplars; Prometheus then answers 204.
        if (selectors.Count == 0) return new NoContentResult();
        return new ExemplarsData(reader.Exemplars(tenant, selectors, startMs, endMs));
    }

    private static PrometheusError BadData(string message) => new(PrometheusErrorType.BadData, message);
}
