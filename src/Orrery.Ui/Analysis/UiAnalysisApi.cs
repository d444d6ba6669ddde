using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orrery.Query.TraceQL.Engine;
using Orrery.Query.TraceQL.Syntax;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Ui.Analysis;

/// <summary>
/// <c>/api/ui/…</c>: the views Tempo's API does not answer, computed here. Time ranges are
/// <c>start</c>/<c>end</c> in Unix seconds, as Tempo's; the tenant is <c>X-Scope-OrgID</c> when
/// multi-tenant. Timestamps in answers are nanosecond offsets from the trace's first start, which
/// stay exact as JSON numbers (absolute Unix nanoseconds pass 2^53).
/// </summary>
internal static class UiAnalysisApi
{
    /// <summary>Traces read for one aggregated critical path when no limit is given; 500 is the target size.</summary>
    public const int DefaultAggregateTraces = 500;

    /// <summary>Each trace is read whole and walked; 2,000 keeps one request to a few seconds at worst.</summary>
    public const int MaxAggregateTraces = 2000;

    public static void Map(IEndpointRouteBuilder routes, UiBackends backends)
    {
        var searcher = new TraceQLSearcher(backends.Traces);
        AnalysisWarmUp.Start();
        Get(routes, "/api/ui/traces/{id}", backends, (c, tenant) => Trace(c, tenant, backends));
        Get(routes, "/api/ui/traces/{id}/analysis", backends, (c, tenant) => Analysis(c, tenant, backends));
        Get(routes, "/api/ui/traces/{id}/diff/{other}", backends, (c, tenant) => Diff(c, tenant, backends));
        Get(routes, "/api/ui/critical-path", backends, (c, tenant) => Aggregate(c, tenant, backends, searcher));
    }

    private static void Get(IEndpointRouteBuilder routes, string pattern, UiBackends backends, Func<HttpContext, string, Task> handle) =>
        routes.MapGet(pattern, context =>
        {
            var resolution = Tenant.Resolve(context.Request.Headers[Tenant.HeaderName].ToString(), backends.MultiTenant, out var tenant, out var error);
            return resolution switch
            {
                TenantResolution.Ok => handle(context, tenant),
                TenantResolution.Missing => Error(context, StatusCodes.Status401Unauthorized, error!),
                _ => Error(context, StatusCodes.Status400BadRequest, error!),
            };
        });

    /// <summary>The trace page's one request: the trace in <see cref="CompactTraceJson"/>'s shape with its analysis.</summary>
    private static Task Trace(HttpContext context, string tenant, UiBackends backends)
    {
        if (!TryRange(context.Request.Query, out var range, out var error)) return Error(context, 400, error!);
        if (!TryLoad(context, "id", tenant, range, backends, out var batch, out var tree, out var failure)) return failure!;
        var path = CriticalPath.Compute(tree!);
        var stats = TraceStatistics.Compute(tree!, path);
        return Json(context, w => CompactTraceJson.Write(w, batch!, tree!, path, stats));
    }

    private static Task Analysis(HttpContext context, string tenant, UiBackends backends)
    {
        if (!TryRange(context.Request.Query, out var range, out var error)) return Error(context, 400, error!);
        if (!TryLoad(context, "id", tenant, range, backends, out _, out var tree, out var failure)) return failure!;
        var path = CriticalPath.Compute(tree!);
        var stats = TraceStatistics.Compute(tree!, path);
        return Json(context, w => UiAnalysisJson.WriteAnalysis(w, tree!, path, stats));
    }

    private static Task Diff(HttpContext context, string tenant, UiBackends backends)
    {
        if (!TryRange(context.Request.Query, out var range, out var error)) return Error(context, 400, error!);
        if (!TryLoad(context, "id", tenant, range, backends, out _, out var a, out var failure)) return failure!;
        if (!TryLoad(context, "other", tenant, range, backends, out _, out var b, out failure)) return failure!;
        var diff = TraceDiff.Compute(a!, b!);
        return Json(context, w => UiAnalysisJson.WriteDiff(w, a!, b!, diff));
    }

    private static Task Aggregate(HttpContext context, string tenant, UiBackends backends, TraceQLSearcher searcher)
    {
        var query = context.Request.Query;
        if (!TryRange(query, out var range, out var error)) return Error(context, 400, error!);
        var limit = DefaultAggregateTraces;
        var limitText = query["limit"].ToString();
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit <= 0 || limit > MaxAggregateTraces))
            return Error(context, 400, $"invalid limit '{limitText}': expected 1 to {MaxAggregateTraces}");
        var q = query["q"].ToString();
        if (q.Length == 0) q = "{}";
        TraceQLQuery parsed;
        try
        {
            parsed = TraceQLParser.Parse(q);
        }
        catch (TraceQLParseException e)
        {
            return Error(context, 400, e.Message);
        }
        try
        {
            var found = searcher.Search(tenant, parsed, new TraceQLSearchRequest(range, limit), context.RequestAborted);
            var result = AggregatedCriticalPath.Over(backends.Traces, tenant, found.Traces.Select(t => t.TraceId), range, context.RequestAborted);
            return Json(context, w => UiAnalysisJson.WriteAggregate(w, result));
        }
        catch (TraceQLLimitException e)
        {
            return Error(context, StatusCodes.Status422UnprocessableEntity, e.Message);
        }
    }

    private static bool TryLoad(HttpContext context, string routeValue, string tenant, TimeRange range, UiBackends backends, out SpanBatch? batch, out TraceTree? tree, out Task? failure)
    {
        tree = null;
        batch = null;
        failure = null;
        var text = context.Request.RouteValues[routeValue] as string ?? string.Empty;
        if (!TraceId.TryParseHex(text, out var id))
        {
            failure = Error(context, 400, $"invalid trace id '{text}': expected up to 32 hex digits");
            return false;
        }
        batch = backends.Traces.FindTrace(tenant, id, range);
        if (batch is null || batch.Count == 0)
        {
            failure = Error(context, 404, $"trace {id.ToHex()} not found");
            return false;
        }
        tree = TraceTree.From(batch);
        return true;
    }

    internal static bool TryRange(IQueryCollection query, out TimeRange range, out string? error)
    {
        range = TimeRange.All;
        error = null;
        long start = long.MinValue, end = long.MaxValue;
        foreach (var (name, isEnd) in (ReadOnlySpan<(string, bool)>)[("start", false), ("end", true)])
        {
            var text = query[name].ToString();
            if (text.Length == 0) continue;
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > long.MaxValue / 1_000_000_000L - 1)
            {
                error = $"invalid {name} '{text}': expected Unix seconds";
                return false;
            }
            // "end" is a whole second: everything that started within it is in range.
            if (isEnd) end = (seconds * 1_000_000_000L) + 999_999_999L;
            else start = seconds * 1_000_000_000L;
        }
        if (start > end)
        {
            error = "start must not be after end";
            return false;
        }
        range = new TimeRange(start, end);
        return true;
    }

    private static async Task Json(HttpContext context, Action<Utf8JsonWriter> write)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        write(writer);
        await writer.FlushAsync(context.RequestAborted);
    }

    private static Task Error(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return Json(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", message);
            w.WriteEndObject();
        });
    }
}
