using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orrery.Ui.Analysis;
using Orrery.Ui.Assets;

namespace Orrery.Ui;

/// <summary>The web UI on the --http listener: its pages, assets and UI-only endpoints.</summary>
public static class UiEndpoints
{
    /// <summary>
    /// The paths a person opens; each answers the one HTML shell and the client router picks the
    /// page. <c>/explore</c> is the metrics page: <c>/metrics</c> is Orrery's own Prometheus endpoint.
    /// </summary>
    public static readonly IReadOnlyList<string> PagePatterns = ["/", "/search", "/critical-path", "/trace/{traceId}", "/map", "/logs", "/explore"];

    /// <summary>The page module (js/pages/{page}.js) each path runs, as the client router (js/core/router.js) picks it.</summary>
    internal static readonly IReadOnlyDictionary<string, string> PageOf = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/"] = "overview",
        ["/search"] = "search",
        ["/critical-path"] = "critical-path",
        ["/trace/{traceId}"] = "trace",
        ["/map"] = "map",
        ["/logs"] = "logs",
        ["/explore"] = "explore",
    };

    /// <summary>Where the static files are served from (the shell refers to them by this prefix).</summary>
    public const string AssetPrefix = "/ui/";

    public static void Map(IEndpointRouteBuilder routes, UiBackends backends)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(backends);
        var assets = UiAssetTable.Load(Assembly.GetExecutingAssembly());
        var shells = new UiPageShells(assets, PagePatterns.Select(p => PageOf[p]));
        var trace = new TraceShell(shells, backends.MultiTenant);

        foreach (var pattern in PagePatterns)
        {
            var page = PageOf[pattern];
            var shell = shells.Shell(page);
            routes.MapMethods(pattern, [HttpMethods.Get, HttpMethods.Head], page == "trace" ? trace.WriteAsync : context => UiHeaders.WriteAssetAsync(context, shell));
        }

        routes.MapMethods(AssetPrefix + "{**path}", [HttpMethods.Get, HttpMethods.Head], context =>
        {
            var path = context.Request.RouteValues["path"] as string ?? string.Empty;
            var asset = assets.Find(path);
            if (asset is not null) return UiHeaders.WriteAssetAsync(context, asset);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });

        UiAnalysisApi.Map(routes, backends);
    }
}
