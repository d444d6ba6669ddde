using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Orrery.Api.Tempo.Metrics;
using Orrery.Api.Tempo.Search;
using Orrery.Api.Tempo.Tags;
using Orrery.Api.Tempo.Traces;
using Orrery.Query.Traces;
using Orrery.Storage.Traces;

namespace Orrery.Api.Tempo;

/// <summary>Maps Tempo's query API onto a trace reader.</summary>
public static class TempoApi
{
    public static void Map(IEndpointRouteBuilder routes, ITraceReader reader, bool multiTenant, string version)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var traces = new TraceByIdHandler(reader);
        var search = new SearchHandler(new TraceSearcher(reader), new Query.TraceQL.Engine.TraceQLSearcher(reader));
        var tags = new TagsHandler(reader);

        Get(routes, "/api/traces/{id}", multiTenant, (c, t) => traces.Handle(t, Route(c, "id"), c.Request.Query, TraceResponseShape.V1, WantsProtobuf(c.Request)));
        Get(routes, "/api/v2/traces/{id}", multiTenant, (c, t) => traces.Handle(t, Route(c, "id"), c.Request.Query, TraceResponseShape.V2, WantsProtobuf(c.Request)));
        Get(routes, "/api/search", multiTenant, (c, t) => search.Handle(t, c.Request.Query, c.RequestAborted));
        Get(routes, "/api/search/tags", multiTenant, (c, t) => tags.TagNames(t, c.Request.Query));
        Get(routes, "/api/v2/search/tags", multiTenant, (c, t) => tags.ScopedTagNames(t, c.Request.Query));
        Get(routes, "/api/search/tag/{tag}/values", multiTenant, (c, t) => tags.TagValues(t, Route(c, "tag"), c.Request.Query));
        Get(routes, "/api/v2/search/tag/{tag}/values", multiTenant, (c, t) => tags.TypedTagValues(t, Route(c, "tag"), c.Request.Query));
        TempoMetricsApi.Map(routes, reader, multiTenant);
        routes.MapGet("/api/echo", c => TempoResultWriter.WriteAsync(c, new TextResult("echo")));
        routes.MapGet("/api/status/buildinfo", c => TempoResultWriter.WriteAsync(c, new BuildInfoResult(version)));
    }

    private static void Get(IEndpointRouteBuilder routes, string pattern, bool multiTenant, Func<HttpContext, string, TempoResult> handle) =>
        routes.MapGet(pattern, context =>
        {
            var result = TempoTenant.Resolve(context.Request, multiTenant, out var tenant) ?? handle(context, tenant);
            return TempoResultWriter.WriteAsync(context, result);
        });

    private static string Route(HttpContext context, string name) => context.Request.RouteValues[name] as string ?? string.Empty;

    private static bool WantsProtobuf(HttpRequest request)
    {
        foreach (var accept in request.GetTypedHeaders().Accept)
        {
            var mediaType = accept.MediaType.Value;
            if (mediaType is TempoResultWriter.ProtobufContentType or "application/x-protobuf") return true;
        }
        return false;
    }
}
