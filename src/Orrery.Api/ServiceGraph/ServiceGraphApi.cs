using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orrery.Api.Prometheus;
using Orrery.Api.Tempo;
using Orrery.Query.PromQL.Engine;
using Orrery.Query.PromQL.Syntax;

namespace Orrery.Api.ServiceGraph;

/// <summary>
/// <c>GET /api/service-graph?start&amp;end</c>: the services and the calls between them over a
/// time range, for Orrery's UI. Read through PromQL from the <c>traces_service_graph_*</c>
/// series the servicegraph connector writes (Tempo's names), so the answer is exactly what
/// Grafana's service graph would show from the same data.
/// </summary>
public static class ServiceGraphApi
{
    public const string Path = "/api/service-graph";

    private static readonly TimeSpan s_defaultRange = TimeSpan.FromHours(1);

    public static void Map(IEndpointRouteBuilder routes, PromQLEngine engine, bool multiTenant, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(engine);
        clock ??= TimeProvider.System;
        routes.MapGet(Path, context => HandleAsync(context, engine, multiTenant, clock));
    }

    private static async Task HandleAsync(HttpContext context, PromQLEngine engine, bool multiTenant, TimeProvider clock)
    {
        if (TempoTenant.Resolve(context.Request, multiTenant, out var tenant) is { } tenantError)
        {
            await WriteErrorAsync(context, tenantError.StatusCode, tenantError.Message).ConfigureAwait(false);
            return;
        }
        var query = context.Request.Query;
        var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (!TryTime(query["end"].ToString(), nowMs, out var endMs)
            || !TryTime(query["start"].ToString(), endMs - (long)s_defaultRange.TotalMilliseconds, out var startMs))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "start and end must be Unix seconds or RFC 3339 times").ConfigureAwait(false);
            return;
        }
        if (endMs <= startMs)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "end must be after start").ConfigureAwait(false);
            return;
        }

        ServiceGraph graph;
        try
        {
            graph = Read(engine, tenant, startMs, endMs, context.RequestAborted);
        }
        catch (PromQLException e)
        {
            await WriteErrorAsync(context, e.ErrorType == PromErrorType.Timeout ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status422UnprocessableEntity, e.Message).ConfigureAwait(false);
            return;
        }
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        Write(writer, graph, (endMs - startMs) / 1000.0);
    }

    /// <summary>Edges and nodes over [start, end]: totals by increase(), latency quantiles from the server-side histogram.</summary>
    internal static ServiceGraph Read(PromQLEngine engine, string tenant, long startMs, long endMs, CancellationToken cancellationToken)
    {
        var range = ((endMs - startMs) / 1000).ToString(CultureInfo.InvariantCulture) + "s";
        const string by = "client, server, connection_type";
        var requests = Vector(engine, tenant, $"sum by ({by}) (increase(traces_service_graph_request_total[{range}]))", endMs, cancellationToken);
        var failed = Vector(engine, tenant, $"sum by ({by}) (increase(traces_service_graph_request_failed_total[{range}]))", endMs, cancellationToken);
        var p50 = Vector(engine, tenant, $"histogram_quantile(0.5, sum by ({by}, le) (increase(traces_service_graph_request_server_seconds_bucket[{range}])))", endMs, cancellationToken);
        var p99 = Vector(engine, tenant, $"histogram_quantile(0.99, sum by ({by}, le) (increase(traces_service_graph_request_server_seconds_bucket[{range}])))", endMs, cancellationToken);

        var edges = new List<Edge>();
        foreach (var (key, total) in requests)
        {
            edges.Add(new Edge(
                key.Client,
                key.Server,
                key.ConnectionType,
                total,
                failed.GetValueOrDefault(key),
                p50.TryGetValue(key, out var median) ? median : double.NaN,
                p99.TryGetValue(key, out var tail) ? tail : double.NaN));
        }
        edges.Sort((a, b) => (a.Client, a.Server).CompareTo((b.Client, b.Server)));

        var nodes = new SortedDictionary<string, Node>(StringComparer.Ordinal);
        foreach (var edge in edges)
        {
            if (!nodes.ContainsKey(edge.Client)) nodes[edge.Client] = new Node(edge.Client, 0, 0);
            var server = nodes.GetValueOrDefault(edge.Server) ?? new Node(edge.Server, 0, 0);
            nodes[edge.Server] = server with { Requests = server.Requests + edge.Requests, Failed = server.Failed + edge.Failed };
        }
        return new ServiceGraph([.. nodes.Values], edges);
    }

    private static Dictionary<EdgeKey, double> Vector(PromQLEngine engine, string tenant, string promql, long atMs, CancellationToken cancellationToken)
    {
        var result = engine.Instant(tenant, PromQLParser.Parse(promql), atMs, cancellationToken: cancellationToken);
        var values = new Dictionary<EdgeKey, double>();
        if (result.Value is not VectorValue vector) return values;
        foreach (var sample in vector.Samples)
        {
            var key = new EdgeKey(sample.Metric.Get("client") ?? "", sample.Metric.Get("server") ?? "", sample.Metric.Get("connection_type") ?? "");
            values[key] = sample.F;
        }
        return values;
    }

    private static void Write(Utf8JsonWriter writer, ServiceGraph graph, double seconds)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("nodes");
        foreach (var node in graph.Nodes)
        {
            writer.WriteStartObject();
            writer.WriteString("id", node.Id);
            writer.WriteNumber("requests", node.Requests);
            writer.WriteNumber("requestRate", node.Requests / seconds);
            writer.WriteNumber("errorRatio", node.Requests > 0 ? node.Failed / node.Requests : 0);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("edges");
        foreach (var edge in graph.Edges)
        {
            writer.WriteStartObject();
            writer.WriteString("source", edge.Client);
            writer.WriteString("target", edge.Server);
            writer.WriteString("connectionType", edge.ConnectionType);
            writer.WriteNumber("requests", edge.Requests);
            writer.WriteNumber("failed", edge.Failed);
            writer.WriteNumber("requestRate", edge.Requests / seconds);
            writer.WriteNumber("errorRatio", edge.Requests > 0 ? edge.Failed / edge.Requests : 0);
            WriteSeconds(writer, "p50Seconds", edge.P50Seconds);
            WriteSeconds(writer, "p99Seconds", edge.P99Seconds);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    // JSON has no NaN: a quantile without histogram data is null.
    private static void WriteSeconds(Utf8JsonWriter writer, string name, double seconds)
    {
        if (double.IsFinite(seconds)) writer.WriteNumber(name, seconds);
        else writer.WriteNull(name);
    }

    private static bool TryTime(string text, long fallbackMs, out long ms)
    {
        ms = fallbackMs;
        return text.Length == 0 || PrometheusTime.TryParse(text, out ms);
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message).ConfigureAwait(false);
    }

    private readonly record struct EdgeKey(string Client, string Server, string ConnectionType);

    internal sealed record Edge(string Client, string Server, string ConnectionType, double Requests, double Failed, double P50Seconds, double P99Seconds);

    internal sealed record Node(string Id, double Requests, double Failed);

    internal sealed record ServiceGraph(IReadOnlyList<Node> Nodes, IReadOnlyList<Edge> Edges);
}
