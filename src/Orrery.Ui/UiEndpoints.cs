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

    /// <summary>Where the static files are served from (the shell refers to them by this prefix).</summary>
    public const string AssetPrefix = "/ui/";

    public static void Map(IEndpointRouteBuilder routes, UiBackends backends)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(backends);
        var assets = UiAssetTable.Load(Assembly.GetExecutingAssembly());
        var shell = assets.Find("index.html") ?? throw new InvalidOperationException("the UI shell wwwroot/index.html is not embedded");

        foreach (var pattern in PagePatterns)
            routes.MapMethods(pattern, [HttpMethods.Get, HttpMethods.Head], context => UiHeaders.WriteAssetAsync(context, shell));

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
