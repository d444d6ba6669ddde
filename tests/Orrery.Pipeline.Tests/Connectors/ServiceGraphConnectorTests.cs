using Orrery.Pipeline.Components;
using Orrery.Pipeline.Connectors.ServiceGraph;
using Orrery.Pipeline.Tests.Sampling;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Tests.Connectors;

public sealed class ServiceGraphConnectorTests : IDisposable
{
    private const string Total = "traces_service_graph_request_total";
    private const string Failed = "traces_service_graph_request_failed_total";
    private const string ServerCount = "traces_service_graph_request_server_seconds_count";
    private const string ClientCount = "traces_service_graph_request_client_seconds_count";

    private readonly PipelineTestContext _test = new("servicegraph");
    private readonly MetricRecorder _metrics = new();

    public void Dispose() => _test.Dispose();

    private ServiceGraphConnector Connector(ServiceGraphSettings? settings = null) => new(settings ?? new ServiceGraphSettings(), _metrics, _test.Context);

    private static readonly Signals.TraceId T = TestSpans.Trace(1);

    private static TestSpan Client(ulong id, string service, ulong parent = 99, long ms = 30) =>
        new(T, id, parent, service, "call") { Kind = SpanKind.Client, DurationMs = ms };

    private static TestSpan Server(ulong id, ulong parent, string service, long ms = 20) =>
        new(T, id, parent, service, "handle") { Kind = SpanKind.Server, DurationMs = ms };

    /// <summary>Every edge in the last flush as "client->server[type]=requests".</summary>
    private IEnumerable<string> Edges() =>
        _metrics.SeriesOf(Total).Select(l => $"{l}={_metrics.Value(Total, l)}").OrderBy(s => s, StringComparer.Ordinal);

    [Fact]
    public async Task A_client_and_its_server_span_make_one_edge_in_either_order()
    {
        var c = Connector();
        await c.ConsumeAsync("t", TestSpans.Batch(Client(1, "front")));
        await c.ConsumeAsync("t", TestSpans.Batch(Server(2, 1, "back")));
        await c.ConsumeAsync("t", TestSpans.Batch(Server(4, 3, "back") with { Status = StatusCode.Error }));
        await c.ConsumeAsync("t", TestSpans.Batch(Client(3, "front")));
        await c.FlushAsync();

        Assert.Equal(["client=front,server=back=2"], Edges());
        Assert.Equal(1, _metrics.Value(Failed, "client=front,server=back"));
        Assert.Equal(2, _metrics.Value(ServerCount, "client=front,server=back"));
        Assert.Equal(0.04, _metrics.Value("traces_service_graph_request_server_seconds_sum", "client=front,server=back")!.Value, 9);
        Assert.Equal(0.06, _metrics.Value("traces_service_graph_request_client_seconds_sum", "client=front,server=back")!.Value, 9);
        Assert.Equal(2, _metrics.Value("traces_service_graph_request_server_seconds_bucket", "client=front,le=0.1,server=back"));
        Assert.Equal(0, c.PendingEdges);
    }

    [Fact]
    public async Task Producer_and_consumer_make_a_messaging_edge()
    {
        var c = Connector();
        await c.ConsumeAsync("t", TestSpans.Batch(
            new TestSpan(T, 1, 99, "orders", "publish") { Kind = SpanKind.Producer },
            new TestSpan(T, 2, 1, "billing", "consume") { Kind = SpanKind.Consumer }));
        await c.FlushAsync();
        Assert.Equal(["client=orders,connection_type=messaging_system,server=billing=1"], Edges());
    }

    [Theory]
    [InlineData("orders-db", "postgresql", "orders-db")]
    [InlineData(null, "postgresql", "postgresql")]
    public async Task A_database_call_is_an_edge_to_the_database_at_once(string? dbName, string dbSystem, string node)
    {
        var c = Connector();
        var attrs = new Dictionary<string, object> { ["db.system"] = dbSystem };
        if (dbName is not null) attrs["db.name"] = dbName;
        await c.ConsumeAsync("t", TestSpans.Batch(Client(1, "api") with { Attributes = attrs }));
        await c.FlushAsync();
        Assert.Equal([$"client=api,connection_type=database,server={node}=1"], Edges());
        Assert.Equal(1, _metrics.Value(ServerCount, $"client=api,connection_type=database,server={node}"));
    }

    [Fact]
    public async Task A_client_half_naming_its_peer_becomes_a_virtual_node_edge_when_its_wait_ends()
    {
        var c = Connector(new ServiceGraphSettings { StoreTtl = TimeSpan.FromSeconds(10) });
        await c.ConsumeAsync("t", TestSpans.Batch(
            Client(1, "api") with { Attributes = new Dictionary<string, object> { ["peer.service"] = "payments" } },
            new TestSpan(T, 5, 99, "api", "send") { Kind = SpanKind.Producer, Attributes = new Dictionary<string, object> { ["messaging.system"] = "kafka" } }));

        _test.Time.Advance(TimeSpan.FromMilliseconds(9_999));
        c.Expire();
        Assert.Equal(2, c.PendingEdges);
        _test.Time.Advance(TimeSpan.FromMilliseconds(1)); // exactly the TTL
        await c.FlushAsync();

        Assert.Equal(["client=api,connection_type=messaging_system,server=kafka=1", "client=api,connection_type=virtual_node,server=payments=1"], Edges());
        Assert.Equal(1, _metrics.Value(ClientCount, "client=api,connection_type=virtual_node,server=payments"));
        Assert.Equal(1, _metrics.Value(ServerCount, "client=api,connection_type=virtual_node,server=payments"));
        Assert.Equal(0, c.PendingEdges);
    }

    [Fact]
    public async Task Lone_halves_without_a_peer_are_counted_as_unpaired()
    {
        var c = Connector();
        await c.ConsumeAsync("t", TestSpans.Batch(Client(1, "api"), Server(7, 6, "back")));
        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await c.FlushAsync();
        Assert.Empty(_metrics.Batches); // no edge, nothing to write
        Assert.Equal(2, _test.Probe["orrery_servicegraph_unpaired_spans"]);
    }

    [Fact]
    public async Task A_root_server_span_is_called_by_the_user_node()
    {
        var c = Connector();
        await c.ConsumeAsync("t", TestSpans.Batch(Server(1, 0, "front"), new TestSpan(T, 2, 1, "front", "internal") { Kind = SpanKind.Internal }));
        await c.FlushAsync();
        Assert.Equal(["client=user,connection_type=virtual_node,server=front=1"], Edges());
    }

    [Fact]
    public async Task A_full_store_drops_new_halves_and_counts_them()
    {
        var c = Connector(new ServiceGraphSettings { StoreMaxItems = 1 });
        await c.ConsumeAsync("t", TestSpans.Batch(Client(1, "a"), Client(2, "a")));
        Assert.Equal(1, c.PendingEdges);
        Assert.Equal(1, _test.Probe["orrery_servicegraph_dropped_spans"]);
        // The held half still pairs.
        await c.ConsumeAsync("t", TestSpans.Batch(Server(3, 1, "b")));
        await c.FlushAsync();
        Assert.Equal(["client=a,server=b=1"], Edges());
    }

    [Fact]
    public async Task Three_services_make_exactly_their_edges()
    {
        var c = Connector();
        // user -> front -> api -> db, api -> queue -> worker
        await c.ConsumeAsync("t", TestSpans.Batch(
            Server(1, 0, "front"),
            Client(2, "front", parent: 1),
            Server(3, 2, "api"),
            Client(4, "api", parent: 3) with { Attributes = new Dictionary<string, object> { ["db.system"] = "redis" } },
            new TestSpan(T, 5, 3, "api", "publish") { Kind = SpanKind.Producer },
            new TestSpan(T, 6, 5, "worker", "consume") { Kind = SpanKind.Consumer }));
        await c.FlushAsync();
        Assert.Equal(
        [
            "client=api,connection_type=database,server=redis=1",
            "client=api,connection_type=messaging_system,server=worker=1",
            "client=front,server=api=1",
            "client=user,connection_type=virtual_node,server=front=1",
        ], Edges());
    }

    [Fact]
    public async Task Names_no_half_or_edge_uses_are_forgotten_at_a_flush_and_the_rest_keep_their_edges()
    {
        var c = Connector(new ServiceGraphSettings { StoreMaxItems = 2 });
        // Held: a client naming "kept-peer" (no server comes) and a server waiting for its client.
        await c.ConsumeAsync("t", TestSpans.Batch(
            Client(1, "api") with { Attributes = new Dictionary<string, object> { ["peer.service"] = "kept-peer" } },
            Server(8, 7, "back")));
        await c.ConsumeAsync("t", TestSpans.Batch(Client(20, "api") with { Attributes = new Dictionary<string, object> { ["db.system"] = "pg" } }));
        // 10,500 halves naming distinct peers, all dropped (the store is full): their names are used by nothing.
        for (var i = 0; i < 10_500; i++)
        {
            await c.ConsumeAsync("t", TestSpans.Batch(Client(100 + (ulong)i, "api") with { Attributes = new Dictionary<string, object> { ["peer.service"] = $"gone-{i}" } }));
        }
        Assert.True(c.NodeNameCount > 10_500);

        await c.FlushAsync();

        Assert.True(c.NodeNameCount < 10, $"{c.NodeNameCount} names left");
        // After the renumbering, held halves and edges still carry their names.
        await c.ConsumeAsync("t", TestSpans.Batch(Client(7, "front"), Client(21, "api") with { Attributes = new Dictionary<string, object> { ["db.system"] = "pg" } }));
        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await c.FlushAsync();
        Assert.Equal(
        [
            "client=api,connection_type=database,server=pg=2",
            "client=api,connection_type=virtual_node,server=kept-peer=1",
            "client=front,server=back=1",
        ], Edges());
    }

    [Fact]
    public async Task Halves_expire_each_at_its_own_time_whatever_their_order_in_the_store()
    {
        var c = Connector(new ServiceGraphSettings { StoreTtl = TimeSpan.FromSeconds(10) });
        await c.ConsumeAsync("t", TestSpans.Batch(Client(1, "api") with { Attributes = new Dictionary<string, object> { ["peer.service"] = "first" } }));
        _test.Time.Advance(TimeSpan.FromSeconds(4));
        await c.ConsumeAsync("t", TestSpans.Batch(Client(2, "api") with { Attributes = new Dictionary<string, object> { ["peer.service"] = "second" } }));
        // The first half meets its server: the store's earliest wait is now the second's.
        await c.ConsumeAsync("t", TestSpans.Batch(Server(3, 1, "pay")));

        _test.Time.Advance(TimeSpan.FromSeconds(6)); // the first's wait would have ended here
        c.Expire();
        Assert.Equal(1, c.PendingEdges);
        _test.Time.Advance(TimeSpan.FromSeconds(4) - TimeSpan.FromMilliseconds(1));
        c.Expire();
        Assert.Equal(1, c.PendingEdges);
        _test.Time.Advance(TimeSpan.FromMilliseconds(1));
        await c.FlushAsync();

        Assert.Equal(0, c.PendingEdges);
        Assert.Equal(["client=api,connection_type=virtual_node,server=second=1", "client=api,server=pay=1"], Edges());
    }

    [Fact]
    public void Settings_parse_the_collector_shape()
    {
        var s = ServiceGraphSettings.Parse(TailSamplingConfigTests.Settings("servicegraph", """
            latency_histogram_buckets: [100ms, 1s, 5]
            store: { ttl: 3s, max_items: 50 }
            virtual_node_peer_attributes: [peer.service]
            metrics_flush_interval: 5s
            """));
        Assert.Equal([0.1, 1, 5], s.Buckets);
        Assert.Equal(TimeSpan.FromSeconds(3), s.StoreTtl);
        Assert.Equal(50, s.StoreMaxItems);
        Assert.Equal(["peer.service"], s.PeerAttributes);
        Assert.Throws<PipelineConfigException>(() => new ServiceGraphFactory().Validate(TailSamplingConfigTests.Settings("servicegraph", "store: { ttl: 0s }")));
    }
}
