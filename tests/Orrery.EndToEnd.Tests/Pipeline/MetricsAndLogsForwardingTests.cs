using System.Net;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Resource.V1;
using Orrery.EndToEnd.Tests.Support;

namespace Orrery.EndToEnd.Tests.Pipeline;

/// <summary>
/// Orrery A forwards its metrics and logs pipelines to Orrery B through an <c>otlp</c> or
/// <c>otlphttp</c> exporter with an on-disk queue. B is down while A receives; once B is back
/// on the same ports, B answers PromQL and LogQL queries with what was sent to A: the same
/// series names and labels, values, log lines, stream labels and trace ids.
/// </summary>
public class MetricsAndLogsForwardingTests
{
    private const int Requests = 10;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("otlphttp")]
    [InlineData("otlp")]
    public async Task Metrics_and_logs_received_while_the_peer_is_down_are_delivered_when_it_is_back(string exporter)
    {
        var peerPorts = await ForwardingPeer.ReserveStoppedAsync(Patience);

        using var queue = new TempDirectory();
        var peerEndpoint = ForwardingPeer.Endpoint(exporter, peerPorts);
        var started = DateTimeOffset.UtcNow.AddMinutes(-1);
        await using var forwarder = await InProcessOrrery.StartAsync(configYaml: ForwardingPeer.ForwarderConfig(exporter, peerEndpoint, queue.Path, "metrics", "logs"));

        var service = "inventory-" + exporter;
        var traceId = OtlpMessages.NewTraceId();
        for (var i = 1; i <= Requests; i++)
        {
            var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
            using var metrics = await forwarder.Endpoints.PostOtlpAsync(forwarder.Endpoints.OtlpHttpMetrics, MetricsRequest(service, i, now).ToByteArray(), "application/x-protobuf");
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            using var logs = await forwarder.Endpoints.PostOtlpAsync(forwarder.Endpoints.OtlpHttpLogs, LogsRequest(service, i, now, traceId).ToByteArray(), "application/x-protobuf");
            Assert.Equal(HttpStatusCode.OK, logs.StatusCode);
        }
        // Acknowledged means on disk: one file per request and signal, nothing sent yet.
        Assert.Equal(Requests, Directory.GetFiles(Path.Combine(queue.Path, "metrics"), "*.otlp").Length);
        Assert.Equal(Requests, Directory.GetFiles(Path.Combine(queue.Path, "logs"), "*.otlp").Length);

        await using var peer = await InProcessOrrery.StartAsync(ports: peerPorts);
        var reads = new OrreryReads(peer.Endpoints, started);
        await Eventually.HoldsAsync("forwarded metrics queryable on the peer", Patience, async () =>
        {
            var orders = await reads.QueryAsync($"orders_total{{job=\"{service}\"}}", "shop");
            var depth = await reads.QueryAsync($"count_over_time(queue_depth{{job=\"{service}\"}}[10m])", "queue");
            var ok = orders.GetValueOrDefault("shop=east") == Requests && depth.GetValueOrDefault("queue=picking") == Requests;
            return (ok, $"orders_total {string.Join(", ", orders)}; samples of queue_depth {string.Join(", ", depth)}");
        });
        await Eventually.HoldsAsync("forwarded log lines queryable on the peer", Patience, async () =>
        {
            var lines = await reads.LogLinesAsync($"{{service_name=\"{service}\"}} | trace_id=\"{OtlpMessages.Hex(traceId)}\" | severity_text=\"WARN\"");
            var expected = Enumerable.Range(1, Requests).Select(i => $"stock low for item {i}").ToHashSet();
            return (lines.Count == Requests && expected.SetEquals(lines), $"{lines.Count} of {Requests} lines: {string.Join(" | ", lines.Take(3))}");
        });
        await Eventually.HoldsAsync("sending queues drained", Patience, () =>
        {
            var left = Directory.GetFiles(queue.Path, "*.otlp", SearchOption.AllDirectories).Length;
            return Task.FromResult((left == 0, $"{left} files left in the queues"));
        });
    }

    private static ExportMetricsServiceRequest MetricsRequest(string service, int i, ulong timeUnixNano)
    {
        var orders = new Metric
        {
            Name = "orders",
            Sum = new Sum { AggregationTemporality = AggregationTemporality.Cumulative, IsMonotonic = true },
        };
        orders.Sum.DataPoints.Add(new NumberDataPoint { TimeUnixNano = timeUnixNano, AsInt = i, Attributes = { Attribute("shop", "east") } });
        var depth = new Metric { Name = "queue_depth", Gauge = new Gauge() };
        depth.Gauge.DataPoints.Add(new NumberDataPoint { TimeUnixNano = timeUnixNano, AsDouble = 3.5 * i, Attributes = { Attribute("queue", "picking") } });
        return new ExportMetricsServiceRequest
        {
            ResourceMetrics =
            {
                new ResourceMetrics
                {
                    Resource = new Resource { Attributes = { Attribute("service.name", service) } },
                    ScopeMetrics = { new ScopeMetrics { Metrics = { orders, depth } } },
                },
            },
        };
    }

    private static ExportLogsServiceRequest LogsRequest(string service, int i, ulong timeUnixNano, byte[] traceId) => new()
    {
        ResourceLogs =
        {
            new ResourceLogs
            {
                Resource = new Resource { Attributes = { Attribute("service.name", service) } },
                ScopeLogs =
                {
                    new ScopeLogs
                    {
                        Scope = new InstrumentationScope { Name = "Inventory.Stock" },
                        LogRecords =
                        {
                            new LogRecord
                            {
                                TimeUnixNano = timeUnixNano,
                                SeverityNumber = SeverityNumber.Warn,
                                SeverityText = "WARN",
                                Body = new AnyValue { StringValue = $"stock low for item {i}" },
                                TraceId = ByteString.CopyFrom(traceId),
                                SpanId = ByteString.CopyFrom(OtlpMessages.NewSpanId()),
                                Attributes = { Attribute("item", i.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
                            },
                        },
                    },
                },
            },
        },
    };

    private static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
