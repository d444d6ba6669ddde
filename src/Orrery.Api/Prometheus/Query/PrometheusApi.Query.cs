using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orrery.Api.Prometheus.Query;
using Orrery.Query.PromQL.Engine;
using Orrery.Storage.Metrics;

namespace Orrery.Api.Prometheus;

public static partial class PrometheusApi
{
    /// <summary>The PromQL endpoints: tenant, form and readiness as every other endpoint, answers streamed by <see cref="PromQLResultWriter"/>.</summary>
    private static void MapQuery(IEndpointRouteBuilder routes, IMetricReader reader, bool multiTenant, PromQLEngine engine)
    {
        var handler = new QueryHandler(engine);
        QueryRoute(routes, "/api/v1/query", reader, multiTenant, (c, t, f) => handler.Instant(t, f, c.RequestAborted));
        QueryRoute(routes, "/api/v1/query_range", reader, multiTenant, (c, t, f) => handler.Range(t, f, c.RequestAborted));
        QueryRoute(routes, "/api/v1/format_query", reader, multiTenant, (_, _, f) => QueryHandler.Format(f));
    }

    private static void QueryRoute(IEndpointRouteBuilder routes, string pattern, IMetricReader reader, bool multiTenant, Func<HttpContext, string, PrometheusForm, PrometheusResult> handle) =>
        routes.MapMethods(pattern, GetAndPost, async context =>
        {
            var result = await Run(context, reader, multiTenant, handle).ConfigureAwait(false);
            await PromQLResultWriter.WriteAsync(context, result).ConfigureAwait(false);
        });
}
