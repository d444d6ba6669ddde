using Orrery.EndToEnd.Tests.Support;

namespace Orrery.EndToEnd.Tests.Pipeline;

/// <summary>
/// The collector-style pipeline end to end, with traffic from the OpenTelemetry .NET SDK across
/// three services: health checks filtered out before anything sees them; tail sampling keeps
/// every error and every slow trace and about 10% of the rest; span metrics and the service
/// graph count every span before sampling; exemplars land on stored traces; logs follow the
/// decision of their trace.
/// </summary>
public class CollectorPipelineTests
{
    private const int NormalTraces = 400;
    private const int ErrorTraces = 25;
    private const int SlowTraces = 25;
    private const int HealthChecks = 40;
    private const double SampledShare = 0.10;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private const string Config = """
        receivers:
          otlp:

        processors:
          filter/health:
            error_mode: ignore
            traces:
              span:
                - 'attributes["http.target"] =~ "^/health.*"'
          tail_sampling:
            decision_wait: 1s
            policies:
              - name: errors
                type: status_code
                status_code: { status_codes: [ERROR] }
              - name: slow
                type: latency
                latency: { threshold_ms: 500 }
              - name: ten-percent
                type: probabilistic
                probabilistic: { sampling_percentage: 10 }
          trace_follow:

        connectors:
          spanmetrics:
            metrics_flush_interval: 1s
          servicegraph:
            metrics_flush_interval: 1s

        exporters:
          orrery:

        service:
          pipelines:
            traces/all:
              receivers: [otlp]
              processors: [filter/health]
              exporters: [spanmetrics, servicegraph]
            traces/sampled:
              receivers: [otlp]
              processors: [filter/health, tail_sampling]
              exporters: [orrery]
            metrics/derived:
              receivers: [spanmetrics, servicegraph]
              exporters: [orrery]
            logs:
              receivers: [otlp]
              processors: [trace_follow]
              exporters: [orrery]
        """;

    [Fact]
    public async Task Sampling_filtering_span_metrics_service_graph_and_logs_agree_end_to_end()
    {
        await using var orrery = await InProcessOrrery.StartAsync(configYaml: Config);
        var since = DateTimeOffset.UtcNow.AddMinutes(-5);
        var reads = new OrreryReads(orrery.Endpoints, since);
        var prefix = "shop" + Guid.NewGuid().ToString("N")[..8];
        var untracedLine = $"inventory sync finished {prefix}";

        using var exporterErrors = new OtlpExporterErrors();
        using var traffic = new ShopTraffic(orrery.Endpoints, prefix);
        SendMixedTraffic(traffic);
        traffic.LogWithoutTrace(untracedLine);
        traffic.Flush();
        Assert.True(exporterErrors.Messages.Count == 0, exporterErrors.Describe());

        var checkouts = traffic.Sent.Where(t => t.Shape != TraceShape.Health).ToList();
        var healthChecks = traffic.Sent.Where(t => t.Shape == TraceShape.Health).ToList();

        // 1. Every trace that passed the filter is decided, and the kept ones reach the store.
        long kept = 0;
        await Eventually.HoldsAsync("tail sampler decided every trace", Patience, async () =>
        {
            var (k, d) = await reads.SamplerDecisionsAsync();
            kept = k;
            return (k + d == checkouts.Count, $"kept {k} + dropped {d}, sent {checkouts.Count} traces besides health checks");
        });
        HashSet<string> stored = [];
        await Eventually.HoldsAsync("kept traces stored", Patience, async () =>
        {
            stored = await StoredAsync(reads, checkouts);
            return (stored.Count == kept, $"{stored.Count} of {kept} kept traces stored");
        });

        var missing = checkouts.Where(t => t.Shape is TraceShape.Error or TraceShape.Slow && !stored.Contains(t.TraceId)).ToList();
        Assert.True(missing.Count == 0, "error or slow traces not stored: " + string.Join(", ", missing.Select(t => $"{t.Shape} {t.TraceId}")));
        foreach (var probe in healthChecks) Assert.False(await reads.TraceExistsAsync(probe.TraceId), $"health check {probe.TraceId} was stored");

        // 2. The probabilistic policy's share of the rest: binomial, within 4 standard deviations.
        var keptNormal = checkouts.Count(t => t.Shape == TraceShape.Normal && stored.Contains(t.TraceId));
        var mean = NormalTraces * SampledShare;
        var sigma = Math.Sqrt(NormalTraces * SampledShare * (1 - SampledShare));
        Assert.InRange(keptNormal, mean - 4 * sigma, mean + 4 * sigma);

        // 3. Logs follow their traces: those of kept traces are stored, those of dropped traces are not.
        var expectedLines = checkouts.Where(t => stored.Contains(t.TraceId))
            .SelectMany(t => t.Shape == TraceShape.Error
                ? new[] { $"order placed trace={t.TraceId}", $"payment declined trace={t.TraceId}" }
                : [$"order placed trace={t.TraceId}"])
            .Append(untracedLine)
            .Order(StringComparer.Ordinal)
            .ToList();
        List<string> lines = [];
        await Eventually.HoldsAsync("logs of kept traces stored", Patience, async () =>
        {
            lines = (await reads.LogLinesAsync($"{{service_name=\"{traffic.Service("checkout")}\"}}")).Order(StringComparer.Ordinal).ToList();
            return (lines.Count >= expectedLines.Count, $"{lines.Count} of {expectedLines.Count} lines");
        });
        Assert.Equal(expectedLines, lines);
        var keptError = checkouts.First(t => t.Shape == TraceShape.Error);
        Assert.Equal(2, (await reads.LogLinesAsync($"{{service_name=~\".+\"}} | trace_id=\"{keptError.TraceId}\"")).Count);
        var droppedNormal = checkouts.First(t => t.Shape == TraceShape.Normal && !stored.Contains(t.TraceId));
        Assert.Empty(await reads.LogLinesAsync($"{{service_name=~\".+\"}} | trace_id=\"{droppedNormal.TraceId}\""));

        // 4. Span metrics count every span that passed the filter, sampled away or not.
        var expectedCalls = traffic.SpanCounts.ToDictionary(
            e => $"service={e.Key.Service} span_name={e.Key.Span} span_kind={e.Key.Kind} status_code={e.Key.Status}", e => (double)e.Value);
        await ExpectSeriesAsync(reads, "span metrics calls",
            $"sum by (service, span_name, span_kind, status_code) (traces_spanmetrics_calls_total{{service=~\"{prefix}-.*\"}})",
            ["service", "span_name", "span_kind", "status_code"], expectedCalls);
        await ExpectSeriesAsync(reads, "span metrics latency counts",
            $"sum by (service, span_name, span_kind, status_code) (traces_spanmetrics_latency_count{{service=~\"{prefix}-.*\"}})",
            ["service", "span_name", "span_kind", "status_code"], expectedCalls);

        // 5. Every exemplar of the latency histogram resolves to a stored trace.
        List<string> exemplarTraces = [];
        await Eventually.HoldsAsync("span metrics exemplars written", Patience, async () =>
        {
            exemplarTraces = await reads.ExemplarTraceIdsAsync($"traces_spanmetrics_latency_bucket{{service=~\"{prefix}-.*\"}}");
            return (exemplarTraces.Count > 0, "no exemplars");
        });
        var sentIds = checkouts.Select(t => t.TraceId).ToHashSet();
        Assert.All(exemplarTraces, id => Assert.Contains(id, sentIds));
        foreach (var id in exemplarTraces.Distinct()) Assert.True(await reads.TraceExistsAsync(id), $"exemplar trace {id} is not stored");

        // 6. The service graph has exactly the three edges of the shop, each request counted once.
        var frontend = traffic.Service("frontend");
        var checkout = traffic.Service("checkout");
        var payments = traffic.Service("payments");
        await ExpectSeriesAsync(reads, "service graph requests",
            $"sum by (client, server, connection_type) (traces_service_graph_request_total{{server=~\"{prefix}-.*\"}})",
            ["client", "server", "connection_type"],
            new Dictionary<string, double>
            {
                [$"client=user server={frontend} connection_type=virtual_node"] = checkouts.Count,
                [$"client={frontend} server={checkout} connection_type="] = checkouts.Count,
                [$"client={checkout} server={payments} connection_type="] = checkouts.Count,
            });
        var failed = await reads.QueryAsync($"sum by (client, server) (traces_service_graph_request_failed_total{{server=~\"{prefix}-.*\"}})", "client", "server");
        Assert.Equal(ErrorTraces, failed.GetValueOrDefault($"client={checkout} server={payments}"));
        Assert.Equal(0, failed.GetValueOrDefault($"client={frontend} server={checkout}"));
        Assert.Equal(0, failed.GetValueOrDefault($"client=user server={frontend}"));
        var clientLatency = await reads.QueryAsync($"sum by (client, server) (traces_service_graph_request_client_seconds_count{{server=~\"{prefix}-.*\"}})", "client", "server");
        Assert.Equal(checkouts.Count, clientLatency.GetValueOrDefault($"client={checkout} server={payments}"));
    }

    /// <summary>Checkout traffic of every shape interleaved, plus health checks that fail or are slow (which the policies would keep, were they not filtered first).</summary>
    private static void SendMixedTraffic(ShopTraffic traffic)
    {
        var shapes = Enumerable.Repeat(TraceShape.Normal, NormalTraces)
            .Concat(Enumerable.Repeat(TraceShape.Error, ErrorTraces))
            .Concat(Enumerable.Repeat(TraceShape.Slow, SlowTraces))
            .Concat(Enumerable.Repeat(TraceShape.Health, HealthChecks))
            .ToArray();
        new Random(7).Shuffle(shapes);
        var probes = 0;
        foreach (var shape in shapes)
        {
            if (shape != TraceShape.Health)
            {
                traffic.SendCheckout(shape);
                continue;
            }
            probes++;
            traffic.SendHealthCheck(probes % 2 == 0 ? "checkout" : "payments", probes % 3 == 0 ? "/health/ready" : "/healthz", failing: probes % 4 < 2, slow: probes % 5 == 0);
        }
    }

    private static async Task<HashSet<string>> StoredAsync(OrreryReads reads, IEnumerable<SentTrace> traces)
    {
        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in traces)
        {
            if (await reads.TraceExistsAsync(t.TraceId)) stored.Add(t.TraceId);
        }
        return stored;
    }

    private static async Task ExpectSeriesAsync(OrreryReads reads, string what, string promql, string[] labels, Dictionary<string, double> expected)
    {
        var want = string.Join("\n", expected.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} {e.Value}"));
        var seen = "";
        await Eventually.HoldsAsync(what, Patience, async () =>
        {
            var got = await reads.QueryAsync(promql, labels);
            seen = string.Join("\n", got.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} {e.Value}"));
            return (seen == want, $"\n{seen}\nexpected\n{want}");
        });
    }
}
