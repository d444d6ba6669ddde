using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orrery.Api.Tempo;
using Orrery.Query.PromQL.Engine;
using Orrery.Storage.Metrics;

namespace Orrery.Api.Prometheus;

/// <summary>Maps the metadata part of Prometheus's HTTP API (<c>/api/v1/…</c>) onto a metric reader.</summary>
public static partial class PrometheusApi
{
    private static readonly string[] GetAndPost = [HttpMethods.Get, HttpMethods.Post];
    private static readonly string[] GetOnly = [HttpMethods.Get];

    /// <param name="targets">The scrape targets now; null when nothing is scraped.</param>
    /// <param name="engine">Answers the query endpoints; null: an engine with default options over <paramref name="reader"/>.</param>
    public static void Map(IEndpointRouteBuilder routes, IMetricReader reader, bool multiTenant, string version, Func<TargetsView>? targets, PromQLEngine? engine = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(reader);
        var series = new SeriesHandler(reader);
        var metadata = new MetadataHandler(reader);
        var exemplars = new ExemplarsHandler(reader);
        var status = new StatusHandler(reader, version, targets);

        Route(routes, "/api/v1/series", GetAndPost, reader, multiTenant, (_, t, f) => series.Series(t, f));
        Route(routes, "/api/v1/labels", GetAndPost, reader, multiTenant, (_, t, f) => series.LabelNames(t, f));
        Route(routes, "/api/v1/label/{name}/values", GetOnly, reader, multiTenant, (c, t, f) => series.LabelValues(t, c.Request.RouteValues["name"] as string ?? string.Empty, f));
        Route(routes, "/api/v1/metadata", GetOnly, reader, multiTenant, (_, t, f) => metadata.Handle(t, f));
        Route(routes, "/api/v1/query_exemplars", GetAndPost, reader, multiTenant, (_, t, f) => exemplars.Handle(t, f));
        Route(routes, "/api/v1/status/tsdb", GetOnly, reader, multiTenant, (_, t, f) => status.Tsdb(t, f));
        Route(routes, "/api/v1/targets", GetOnly, reader, multiTenant, (_, _, f) => status.Targets(f));
        Static(routes, "/api/v1/status/buildinfo", status.BuildInfo);
        Static(routes, "/api/v1/status/config", status.Config);
        Static(routes, "/api/v1/status/flags", status.Flags);
        Static(routes, "/api/v1/status/runtimeinfo", status.RuntimeInfo);
        MapQuery(routes, reader, multiTenant, engine ?? new PromQLEngine(reader));
    }

    private static void Route(IEndpointRouteBuilder routes, string pattern, string[] methods, IMetricReader reader, bool multiTenant, Func<HttpContext, string, PrometheusForm, PrometheusResult> handle) =>
        routes.MapMethods(pattern, methods, async context =>
        {
            var result = await Run(context, reader, multiTenant, handle).ConfigureAwait(false);
            await PrometheusResultWriter.WriteAsync(context, result).ConfigureAwait(false);
        });

    private static void Static(IEndpointRouteBuilder routes, string pattern, Func<PrometheusResult> handle) =>
        routes.MapGet(pattern, context => PrometheusResultWriter.WriteAsync(context, handle()));

    private static async Task<PrometheusResult> Run(HttpContext context, IMetricReader reader, bool multiTenant, Func<HttpContext, string, PrometheusForm, PrometheusResult> handle)
    {
        if (TempoTenant.Resolve(context.Request, multiTenant, out var tenant) is { } tenantError)
            return new PrometheusError(PrometheusErrorType.BadData, tenantError.Message, tenantError.StatusCode);
        var (form, formError) = await PrometheusForm.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        if (formError is not null) return new PrometheusError(PrometheusErrorType.BadData, formError);
        if (reader is IMetricStore { IsReady: false }) return new PrometheusError(PrometheusErrorType.Unavailable, "TSDB not ready");
        try
        {
            return handle(context, tenant, form);
        }
        catch (MetricLimitException e)
        {
            return new PrometheusError(PrometheusErrorType.Execution, e.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return new PrometheusError(PrometheusErrorType.Canceled, "query was canceled");
        }
    }
}
