using System.Text.RegularExpressions;
using Google.Protobuf;
using OpenTelemetry.Proto.Trace.V1;
using Orrery.EndToEnd.Tests.Pipeline;
using Orrery.EndToEnd.Tests.Support;
using static Orrery.EndToEnd.Tests.Support.OtlpAssert;

namespace Orrery.EndToEnd.Tests.Demo;

/// <summary>
/// <c>orrery demo</c> run as users run it (the built executable): within a minute Orrery holds
/// traces of the mesh's services, span metrics whose exemplars resolve to stored traces, logs
/// linked to their spans, and exactly the service graph the mesh's calls make; SIGTERM stops it
/// cleanly and removes its temporary data directory.
/// </summary>
public partial class DemoTests
{
    /// <summary>The issue's bound: a newcomer sees the whole product within a minute.</summary>
    private static readonly TimeSpan s_budget = TimeSpan.FromSeconds(60);

    private static readonly string[] s_expectedEdges =
    [
        DemoReads.Edge("user", "edge-api", "virtual_node"),
        DemoReads.Edge("edge-api", "coordinator", ""),
        DemoReads.Edge("coordinator", "peer-registry", "database"),
        DemoReads.Edge("coordinator", "relay", ""),
        DemoReads.Edge("coordinator", "object-store", ""),
        DemoReads.Edge("coordinator", "coordinator", "messaging_system"),
    ];

    [Fact]
    public async Task Demo_fills_Orrery_with_linked_traces_metrics_logs_and_the_service_graph_within_a_minute()
    {
        var ports = FreePorts.Take(3);
        var endpoints = new OrreryEndpoints(ports[0], ports[1], ports[2]);
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        using var demo = OrreryProcess.Start(
            "demo", "--log-format", "text",
            "--http", $"127.0.0.1:{ports[0]}", "--otlp-grpc", $"127.0.0.1:{ports[1]}", "--otlp-http", $"127.0.0.1:{ports[2]}");
        await endpoints.WaitReadyAsync(TimeSpan.FromSeconds(60));
        var deadline = DateTime.UtcNow + s_budget;
        var reads = new DemoReads(endpoints, since);

        await Eventually.HoldsAsync("the banner", Remaining(deadline), () => Task.FromResult((demo.Output.Contains("Press Ctrl-C to stop.", StringComparison.Ordinal), demo.Output)));
        Assert.Contains($"Open http://127.0.0.1:{ports[0]}", demo.Output, StringComparison.Ordinal);
        var dataDirectory = DataLine().Match(demo.Output).Groups["dir"].Value;
        Assert.True(Directory.Exists(dataDirectory), $"temporary data directory '{dataDirectory}' missing; output:\n{demo.Output}");

        await Eventually.HoldsAsync("traces from the mesh's services", Remaining(deadline), async () =>
        {
            var services = await reads.ServiceNamesAsync();
            return (new[] { "edge-api", "coordinator", "relay", "object-store" }.All(services.Contains), string.Join(", ", services));
        });

        await Eventually.HoldsAsync("span metric exemplars that resolve to traces crossing services", Remaining(deadline), async () =>
        {
            var traceIds = (await reads.ExemplarTraceIdsAsync("traces_spanmetrics_latency_bucket{service=\"edge-api\", span_kind=\"SPAN_KIND_SERVER\"}")).Distinct().Take(10).ToList();
            if (traceIds.Count == 0) return (false, "no exemplars yet");
            foreach (var traceId in traceIds)
            {
                var trace = await reads.TraceAsync(traceId);
                if (trace is null || !CrossesFromEdgeToCoordinator(trace)) return (false, $"exemplar trace {traceId}: {Describe(trace)}");
            }
            return (true, "");
        });

        await Eventually.HoldsAsync("the SDKs' own histogram exemplars (trace-based filter) resolving to traces", Remaining(deadline), async () =>
        {
            var traceIds = (await reads.ExemplarTraceIdsAsync("http_server_request_duration_seconds_bucket{job=\"mesh/coordinator\"}")).Distinct().Take(10).ToList();
            if (traceIds.Count == 0) return (false, "no exemplars yet");
            foreach (var traceId in traceIds)
            {
                if (await reads.TraceAsync(traceId) is not { } trace || !Spans(trace).Any(s => Service(s) == "coordinator")) return (false, $"exemplar trace {traceId}: {Describe(await reads.TraceAsync(traceId))}");
            }
            return (true, "");
        });

        await Eventually.HoldsAsync("a log line linked to its span, with the peer from the baggage", Remaining(deadline), async () =>
        {
            var timeouts = await reads.LogsAsync("{service_name=\"coordinator\"} |= \"hole punch\" |= \"timed out\"");
            if (timeouts.Count == 0) return (false, "no hole punch timeout logged yet");
            var (labels, line) = timeouts[0];
            var ofTrace = await reads.LogsAsync($"{{service_name=~\".+\"}} | trace_id=\"{labels["trace_id"]}\"");
            var trace = await reads.TraceAsync(labels["trace_id"]);
            if (trace is null || !ofTrace.Any(l => l.Line == line)) return (false, $"trace {labels["trace_id"]}: {ofTrace.Count} lines, {Describe(trace)}");
            // The spans around the log line end after it was written: wait until they are stored too.
            var spans = Spans(trace).ToList();
            var punch = spans.FirstOrDefault(s => Hex(s.Span.SpanId) == labels["span_id"]);
            var server = spans.FirstOrDefault(s => s.Span.Kind == Span.Types.SpanKind.Server && Service(s) == "coordinator");
            if (punch.Span is null || server.Span is null) return (false, Describe(trace));
            Assert.Equal("udp.hole_punch", punch.Span.Name);
            Assert.Equal(Status.Types.StatusCode.Error, punch.Span.Status.Code);
            // The peer named in the log came to the coordinator as baggage from edge-api.
            Assert.Contains(Attribute(server.Span.Attributes, "peer.id").StringValue, line, StringComparison.Ordinal);
            return (true, "");
        });

        await Eventually.HoldsAsync("replication continuing an upload's trace through the queue", Remaining(deadline), async () =>
        {
            var traceIds = await reads.SearchAsync("{ name = \"s3.replication.fetch\" }");
            if (traceIds.Count == 0) return (false, "no replication traced yet");
            var trace = await reads.TraceAsync(traceIds[0]);
            if (trace is null) return (false, $"trace {traceIds[0]} not found");
            var spans = Spans(trace).ToList();
            var fetch = spans.FirstOrDefault(s => s.Span.Name == "s3.replication.fetch");
            var enqueue = spans.FirstOrDefault(s => s.Span.Name == "s3.replication.enqueue");
            if (fetch.Span is null || enqueue.Span is null) return (false, Describe(trace));
            Assert.Equal(Span.Types.SpanKind.Consumer, fetch.Span.Kind);
            Assert.Equal(enqueue.Span.SpanId, fetch.Span.ParentSpanId);
            // Produced by one coordinator, consumed by the other.
            Assert.NotEqual(Attribute(enqueue.Resource.Resource.Attributes, "cloud.region").StringValue, Attribute(fetch.Resource.Resource.Attributes, "cloud.region").StringValue);
            Assert.Equal(48, spans.Count(s => s.Span.Name == "s3.chunk.store"));
            return (true, "");
        });

        SortedSet<string> edges = [];
        await Eventually.HoldsAsync("the service graph's edges", Remaining(deadline), async () =>
        {
            edges = await reads.ServiceGraphEdgesAsync();
            return (s_expectedEdges.All(edges.Contains), string.Join("; ", edges));
        });
        Assert.Equal(new SortedSet<string>(s_expectedEdges, StringComparer.Ordinal), edges);

        Assert.Equal(0, await demo.TerminateAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("stopping the mesh", demo.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDirectory), "the temporary data directory outlived the demo");
    }

    /// <summary>edge-api's server span calls the coordinator, whose server span is the child of edge-api's client span (traceparent crossed the wire).</summary>
    private static bool CrossesFromEdgeToCoordinator(TracesData trace)
    {
        var spans = Spans(trace).ToList();
        var clients = spans.Where(s => s.Span.Kind == Span.Types.SpanKind.Client && Service(s) == "edge-api").Select(s => s.Span.SpanId).ToHashSet();
        return spans.Any(s => s.Span.Kind == Span.Types.SpanKind.Server && Service(s) == "coordinator" && clients.Contains(s.Span.ParentSpanId));
    }

    private static string Service((ResourceSpans Resource, ScopeSpans Scope, Span Span) s) =>
        s.Resource.Resource.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value.StringValue ?? "";

    private static string Describe(TracesData? trace) => trace is null
        ? "not stored"
        : string.Join(", ", Spans(trace).Select(s => $"{Service(s)}:{s.Span.Name}"));

    private static string Hex(ByteString id) => Convert.ToHexStringLower(id.Span);

    private static TimeSpan Remaining(DateTime deadline)
    {
        var left = deadline - DateTime.UtcNow;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    [GeneratedRegex(@"data\s+(?<dir>\S+)\s+\(temporary")]
    private static partial Regex DataLine();
}
