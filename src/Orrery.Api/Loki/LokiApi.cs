using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orrery.Query.LogQL.Engine;
using Orrery.Signals;
using Orrery.Storage.Logs;

namespace Orrery.Api.Loki;

/// <summary>Maps Loki's query API onto a log reader, in the shapes Grafana's Loki data source reads.</summary>
public static class LokiApi
{
    public const string EncodingFlagsHeader = "X-Loki-Response-Encoding-Flags";

    /// <summary>The query parameter naming the tenant of a tail opened by a browser (Orrery's addition to Loki's API).</summary>
    public const string TailOrgIdParameter = "orgId";

    /// <summary>
    /// Maps the endpoints. <paramref name="routes"/> must run WebSocket middleware for
    /// <c>/tail</c>: when it is an <see cref="IApplicationBuilder"/> (a WebApplication) it is added here.
    /// </summary>
    public static void Map(IEndpointRouteBuilder routes, ILogReader reader, bool multiTenant, LogQLLimits? limits = null, TimeProvider? clock = null, string version = "3.4.0", TimeSpan? tailPollInterval = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(reader);
        clock ??= TimeProvider.System;
        var engine = new LogQLEngine(reader, limits);
        var queries = new LokiQueryHandler(engine, clock);
        var labels = new LokiLabelsHandler(reader, clock);
        var detected = new LokiDetectedFieldsHandler(engine, clock);
        var volume = new LokiVolumeHandler(reader, clock);
        var patterns = new LokiPatternsHandler(engine, clock);
        var detectedLabels = new LokiDetectedLabelsHandler(reader, clock);
        var tail = new LokiTailHandler(engine, clock, tailPollInterval ?? TimeSpan.FromSeconds(1));
        if (routes is IApplicationBuilder app) app.UseWebSockets();

        Handle(routes, "/loki/api/v1/query_range", multiTenant, (c, t, p) => queries.QueryRange(t, p, Categorize(c.Request), c.RequestAborted));
        Handle(routes, "/loki/api/v1/query", multiTenant, (c, t, p) => queries.Query(t, p, Categorize(c.Request), c.RequestAborted));
        Handle(routes, "/loki/api/v1/labels", multiTenant, (c, t, p) => labels.LabelNames(t, p));
        Handle(routes, "/loki/api/v1/label", multiTenant, (c, t, p) => labels.LabelNames(t, p));
        Handle(routes, "/loki/api/v1/label/{name}/values", multiTenant, (c, t, p) => labels.LabelValues(t, c.Request.RouteValues["name"] as string ?? "", p));
        Handle(routes, "/loki/api/v1/series", multiTenant, (c, t, p) => labels.Series(t, p));
        Handle(routes, "/loki/api/v1/index/stats", multiTenant, (c, t, p) => labels.IndexStats(t, p));
        Handle(routes, "/loki/api/v1/index/volume", multiTenant, (c, t, p) => volume.Volume(t, p));
        Handle(routes, "/loki/api/v1/index/volume_range", multiTenant, (c, t, p) => volume.VolumeRange(t, p));
        Handle(routes, "/loki/api/v1/patterns", multiTenant, (c, t, p) => patterns.Handle(t, p, c.RequestAborted));
        Handle(routes, "/loki/api/v1/detected_labels", multiTenant, (c, t, p) => detectedLabels.Handle(t, p));
        Handle(routes, "/loki/api/v1/detected_fields", multiTenant, (c, t, p) => detected.Handle(t, p, c.RequestAborted));
        Handle(routes, "/loki/api/v1/format_query", multiTenant: false, (c, t, p) => LokiQueryHandler.FormatQuery(p));
        routes.MapGet("/loki/api/v1/status/buildinfo", c => LokiResultWriter.WriteAsync(c, new LokiBuildInfoResult(version)));
        routes.Map("/loki/api/v1/tail", async context =>
        {
            var error = ResolveTenant(TailOrgId(context.Request), multiTenant, out var tenant);
            if (error is not null) await LokiResultWriter.WriteAsync(context, error).ConfigureAwait(false);
            else await tail.HandleAsync(context, tenant).ConfigureAwait(false);
        });
    }

    private static void Handle(IEndpointRouteBuilder routes, string pattern, bool multiTenant, Func<HttpContext, string, LokiParameters, LokiResult> handle) =>
        routes.MapMethods(pattern, ["GET", "POST"], async context =>
        {
            LokiResult? result = ResolveTenant(context.Request, multiTenant, out var tenant);
            if (result is null)
            {
                var parameters = await LokiParameters.ReadAsync(context.Request).ConfigureAwait(false);
                result = handle(context, tenant, parameters);
            }
            await LokiResultWriter.WriteAsync(context, result).ConfigureAwait(false);
        });

    /// <summary>
    /// The tail's tenant: <c>X-Scope-OrgID</c>, or else the <c>orgId</c> query parameter when the
    /// request comes from a page on this same origin. A browser cannot set headers on a WebSocket;
    /// the Origin check keeps another site's page from opening a tail with a tenant of its choosing
    /// (WebSockets are not bound by CORS), which a header alone would have prevented.
    /// </summary>
    private static string TailOrgId(HttpRequest request)
    {
        var header = request.Headers[Tenant.HeaderName].ToString();
        if (header.Length > 0) return header;
        var parameter = request.Query[TailOrgIdParameter].ToString();
        return parameter.Length > 0 && IsSameOrigin(request) ? parameter : header;
    }

    private static bool IsSameOrigin(HttpRequest request) =>
        Uri.TryCreate(request.Headers.Origin.ToString(), UriKind.Absolute, out var origin)
        && string.Equals(origin.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);

    /// <summary>The tenant as the Tempo API resolves it: <c>X-Scope-OrgID</c> when multi-tenant (401 when missing), else <c>default</c>.</summary>
    private static LokiError? ResolveTenant(HttpRequest request, bool multiTenant, out string tenant) =>
        ResolveTenant(request.Headers[Tenant.HeaderName].ToString(), multiTenant, out tenant);

    private static LokiError? ResolveTenant(string orgId, bool multiTenant, out string tenant) =>
        Tenant.Resolve(orgId, multiTenant, out tenant, out var error) switch
        {
            TenantResolution.Ok => null,
            TenantResolution.Missing => new LokiError(StatusCodes.Status401Unauthorized, error!),
            _ => new LokiError(StatusCodes.Status400BadRequest, error!),
        };

    private static bool Categorize(HttpRequest request)
    {
        foreach (var value in request.Headers[EncodingFlagsHeader])
        {
            if (value is not null && value.Contains("categorize-labels", StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
