using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orrery.Query.TraceQL.Metrics;
using Orrery.Storage.Traces;

namespace Orrery.Api.Tempo.Metrics;

/// <summary>Maps Tempo's TraceQL metrics endpoints; tenants resolve as for every other Tempo endpoint.</summary>
public static class TempoMetricsApi
{
    public static void Map(IEndpointRouteBuilder routes, ITraceReader reader, bool multiTenant, MetricsLimits? limits = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var handler = new MetricsHandler(new TraceQLMetricsEngine(reader, limits), clock ?? TimeProvider.System);
        Get(routes, "/api/metrics/query_range", multiTenant, (c, t) => handler.QueryRange(t, c.Request.Query, c.RequestAborted));
        Get(routes, "/api/metrics/query", multiTenant, (c, t) => handler.QueryInstant(t, c.Request.Query, c.RequestAborted));
    }

    private static void Get(IEndpointRouteBuilder routes, string pattern, bool multiTenant, Func<HttpContext, string, TempoResult> handle) =>
        routes.MapGet(pattern, async context =>
        {
            var result = TempoTenant.Resolve(context.Request, multiTenant, out var tenant) ?? handle(context, tenant);
            if (result is not (MetricsRangeResult or MetricsInstantResult))
            {
                await TempoResultWriter.WriteAsync(context, result).ConfigureAwait(false);
                return;
            }
            context.Response.ContentType = "application/json";
            await using (var json = new Utf8JsonWriter(context.Response.BodyWriter, ApiJson.Options))
            {
                MetricsJsonWriter.Write(json, result);
            }
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        });
}
