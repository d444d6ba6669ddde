using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Orrery.Pipeline.Components;
using Orrery.Pipeline.Configuration;
using Orrery.Signals;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Connectors.ServiceGraph;

/// <summary>
/// The <c>servicegraph</c> connector: edges between services from client/server and
/// producer/consumer span pairs, matched by the server span's parent id, written as Tempo's
/// metrics generator writes them so Grafana's service graph works:
/// <c>traces_service_graph_request_total</c>, <c>…_request_failed_total</c>,
/// <c>…_request_server_seconds</c> and <c>…_request_client_seconds</c> histograms, labelled
/// <c>client</c>, <c>server</c> and <c>connection_type</c>.
/// </summary>
/// <remarks>
/// <para>A half waits up to <see cref="ServiceGraphSettings.StoreTtl"/> for the other. When none
/// comes: a client or producer half that names its peer (<c>peer.service</c>, <c>db.name</c>,
/// <c>db.system</c>, <c>messaging.system</c>) becomes an edge to that virtual node
/// (<c>connection_type="virtual_node"</c>, or <c>messaging_system</c> for producers); other lone
/// halves are counted as unpaired and dropped. Two cases need no wait: a client span with
/// <c>db.system</c> is a database call (databases do not trace), an edge to the database named by
/// peer.service/db.name/db.system (<c>connection_type="database"</c>), as Tempo does; a server
/// span without a parent is a request from outside, an edge from the virtual node <c>user</c>.</para>
/// <para>An edge with only one half observed uses that half's duration for both histograms, so
/// request counts and both latency counts agree. A failed edge is one where either span has status ERROR.</para>
/// </remarks>
public sealed class ServiceGraphConnector : IReadOnlyTraceConsumer, IAsyncDisposable
{
    public const string RequestTotal = "traces_service_graph_request_total";
    public const string RequestFailedTotal = "traces_service_graph_request_failed_total";
    public const string ServerSeconds = "traces_service_graph_request_server_seconds";
    public const string ClientSeconds = "traces_service_graph_request_client_seconds";

    /// <summary>Distinct service and peer names above which a flush forgets those no pending half or edge uses (a name explosion is a bug upstream).</summary>
    private const int MaxNodeNames = 10_000;

    private readonly ServiceGraphSettings _settings;
    private readonly IMetricConsumer _metrics;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Tenant> _tenants = new(StringComparer.Ordinal);
    private readonly NodeNames _nodes = new();
    private readonly byte[][] _peerKeys;
    private readonly KeyValuePair<string, object?> _connector;
    private readonly Counter<long> _unpaired;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _flushFailed;
    private readonly PeriodicWork? _timer;
    private int _pending;
    private int _pendingTotal; // under _lock; _pending mirrors it for the gauge
    private long _nextFlushMs;
    private int _disposed;
    // Node numbers of the two names the connector writes itself.
    private int _user;
    private int _unnamed;

    public ServiceGraphConnector(ServiceGraphSettings settings, IMetricConsumer metrics, PipelineContext context, string componentId = "servicegraph", bool startTimer = true)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(context);
        _settings = settings;
        _metrics = metrics;
        _time = context.Time;
        _user = _nodes.Id("user");
        _unnamed = _nodes.Id("");
        _peerKeys = settings.PeerAttributes.Select(Encoding.UTF8.GetBytes).ToArray();
        _connector = new("connector", componentId);
        _unpaired = context.Meter.CreateCounter<long>("orrery_servicegraph_unpaired_spans", "spans", "Client or server halves whose other half never came and that named no peer.");
        _dropped = context.Meter.CreateCounter<long>("orrery_servicegraph_dropped_spans", "spans", "Halves dropped because the store (store.max_items) or the edge limit (max_edges) was full.");
        _flushFailed = context.Meter.CreateCounter<long>("orrery_connector_flush_failures", "flushes", "Connector flushes the metrics pipeline refused.");
        context.Meter.CreateObservableGauge("orrery_servicegraph_pending_edges", () => new Measurement<int>(Volatile.Read(ref _pending), _connector), "edges", "Half edges waiting for their other half.");
        _nextFlushMs = NowMs() + (long)settings.FlushInterval.TotalMilliseconds;
        _timer = PeriodicWork.Start(startTimer, _time, TimeSpan.FromSeconds(1), TickAsync);
    }

    public int PendingEdges => Volatile.Read(ref _pending);

    /// <summary>Service and peer names known now (tests: unused ones are forgotten at a flush once there are many).</summary>
    internal int NodeNameCount
    {
        get
        {
            lock (_lock) return _nodes.Count;
        }
    }

    public ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(batch);
        int dropped = 0;
        lock (_lock)
        {
            var state = TenantOf(tenant);
            var now = NowMs();
            // Spans come grouped by scope (OTLP nests them so): the service name is looked up once a scope.
            var lastScope = -1;
            var service = 0;
            for (var row = 0; row < batch.Count; row++)
            {
                ref var span = ref batch.Spans[row];
                if (span.Kind is not (SpanKind.Client or SpanKind.Producer or SpanKind.Server or SpanKind.Consumer)) continue;
                if (span.Scope != lastScope)
                {
                    lastScope = span.Scope;
                    service = _nodes.Id(batch.ServiceName(row));
                }
                dropped += span.Kind is SpanKind.Client or SpanKind.Producer ? AddClient(state, batch, row, service, now) : AddServer(state, batch, row, service, now);
            }
            Volatile.Write(ref _pending, _pendingTotal);
        }
        if (dropped > 0) _dropped.Add(dropped, _connector);
        return ValueTask.CompletedTask;
    }

    /// <summary>Turns halves whose wait is over into virtual-node edges or counts them as unpaired (every second from the timer).</summary>
    public void Expire()
    {
        int unpaired = 0, dropped = 0;
        lock (_lock)
        {
            var now = NowMs();
            foreach (var state in _tenants.Values)
            {
                if (state.NextExpiryMs > now) continue;
                // Most halves meet their other half within a batch or two and leave the store at
                // once, so the store is small: a pass over it when the earliest wait ends costs
                // less than queueing every half's expiry as it arrives.
                var next = long.MaxValue;
                foreach (var (key, pending) in state.Pending)
                {
                    if (pending.ExpiresMs > now)
                    {
                        next = Math.Min(next, pending.ExpiresMs);
                        continue;
                    }
                    state.Pending.Remove(key);
                    _pendingTotal--;
                    if (pending.HasClient && pending.Peer != NodeNames.None)
                    {
                        var edge = pending;
                        edge.Server = edge.Peer;
                        edge.ServerSeconds = edge.ClientSeconds;
                        if (!Complete(state, edge, edge.Messaging ? ConnectionType.MessagingSystem : ConnectionType.VirtualNode, now)) dropped++;
                    }
                    else
                    {
                        unpaired++;
                    }
                }
                state.NextExpiryMs = next;
            }
            Volatile.Write(ref _pending, _pendingTotal);
        }
        if (unpaired > 0) _unpaired.Add(unpaired, _connector);
        if (dropped > 0) _dropped.Add(dropped, _connector);
    }

    /// <summary>Writes every edge's current values (one batch per tenant) to the metrics consumer.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        Expire();
        var batches = new List<(string, MetricBatch)>();
        lock (_lock)
        {
            var now = NowMs();
            var expireBefore = _settings.Expiration > TimeSpan.Zero ? now - (long)_settings.Expiration.TotalMilliseconds : long.MinValue;
            foreach (var (tenant, state) in _tenants)
            {
                var w = new FlushWriter(now);
                w.Metadata(RequestTotal, MetricType.Counter, "Requests between two services.");
                w.Metadata(RequestFailedTotal, MetricType.Counter, "Failed requests between two services.");
                w.Metadata(ServerSeconds, MetricType.Histogram, "Time the server side of a request took, in seconds.");
                w.Metadata(ClientSeconds, MetricType.Histogram, "Time the client side of a request took, in seconds.");
                List<EdgeName>? expired = null;
                foreach (var (key, edge) in state.Edges)
                {
                    var gone = edge.LastUpdateMs < expireBefore;
                    var phase = gone ? SeriesPhase.Expired : edge.Flushed ? SeriesPhase.Existing : SeriesPhase.New;
                    edge.Flushed = true;
                    w.ClearLabels();
                    w.Label("client", edge.Client);
                    w.Label("server", edge.Server);
                    w.Label("connection_type", edge.ConnectionType);
                    w.Counter(RequestTotal, edge.Requests, phase);
                    w.Counter(RequestFailedTotal, edge.Failed, phase);
                    w.Classic(ServerSeconds, edge.ServerSeconds, phase, 0);
                    w.Classic(ClientSeconds, edge.ClientSeconds, phase, 0);
                    if (gone) (expired ??= []).Add(key);
                }
                if (expired is not null) foreach (var key in expired) state.Edges.Remove(key);
                if (w.Batch.SampleCount > 0) batches.Add((tenant, w.Batch));
            }
            if (_nodes.Count > MaxNodeNames) ForgetUnusedNames();
        }
        foreach (var (tenant, batch) in batches)
        {
            try
            {
                await _metrics.ConsumeAsync(tenant, batch, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                _flushFailed.Add(1, _connector);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (_timer is not null) await _timer.DisposeAsync().ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
    }

    private int AddClient(Tenant state, SpanBatch batch, int row, int service, long now)
    {
        ref var span = ref batch.Spans[row];
        var half = new Half(service, Math.Max(0, span.DurationNano) / 1e9, span.StatusCode == StatusCode.Error, IsClient: true);
        var peer = PeerOf(batch, row, out var database);
        if (span.Kind == SpanKind.Client && database)
        {
            var edge = new PendingEdge { Client = half.Service, Server = peer == NodeNames.None ? _unnamed : peer, Peer = NodeNames.None, ClientSeconds = half.Seconds, ServerSeconds = half.Seconds, Failed = half.Failed, HasClient = true, HasServer = true };
            return Complete(state, edge, ConnectionType.Database, now) ? 0 : 1;
        }
        return Merge(state, new EdgeKey(span.TraceId, span.SpanId), half, now, peer, span.Kind == SpanKind.Producer);
    }

    private int AddServer(Tenant state, SpanBatch batch, int row, int service, long now)
    {
        ref var span = ref batch.Spans[row];
        var half = new Half(service, Math.Max(0, span.DurationNano) / 1e9, span.StatusCode == StatusCode.Error, IsClient: false);
        if (span.ParentSpanId.IsEmpty)
        {
            // A root server span: the request came from outside the traced system.
            var edge = new PendingEdge { Client = _user, Server = half.Service, Peer = NodeNames.None, ClientSeconds = half.Seconds, ServerSeconds = half.Seconds, Failed = half.Failed, HasClient = true, HasServer = true };
            return Complete(state, edge, ConnectionType.VirtualNode, now) ? 0 : 1;
        }
        return Merge(state, new EdgeKey(span.TraceId, span.ParentSpanId), half, now, NodeNames.None, span.Kind == SpanKind.Consumer);
    }

    /// <summary>One side of a call as a span tells it (the service as a node number).</summary>
    private readonly record struct Half(int Service, double Seconds, bool Failed, bool IsClient)
    {
        public void ApplyTo(ref PendingEdge edge)
        {
            if (IsClient)
            {
                edge.Client = Service;
                edge.ClientSeconds = Seconds;
                edge.HasClient = true;
            }
            else
            {
                edge.Server = Service;
                edge.ServerSeconds = Seconds;
                edge.HasServer = true;
            }
            edge.Failed |= Failed;
        }
    }

    /// <summary>Adds a half to its pending edge; completes the edge when both halves are in. Returns 1 when the half had to be dropped.</summary>
    private int Merge(Tenant state, EdgeKey key, in Half half, long now, int peer, bool messaging)
    {
        ref var pending = ref CollectionsMarshal.GetValueRefOrNullRef(state.Pending, key);
        if (!Unsafe.IsNullRef(ref pending))
        {
            half.ApplyTo(ref pending);
            pending.Messaging |= messaging;
            if (half.IsClient) pending.Peer = peer;
            if (!pending.HasClient || !pending.HasServer) return 0;
            var edge = pending;
            state.Pending.Remove(key);
            _pendingTotal--;
            return Complete(state, edge, edge.Messaging ? ConnectionType.MessagingSystem : ConnectionType.Direct, now) ? 0 : 1;
        }
        if (_pendingTotal >= _settings.StoreMaxItems) return 1;
        var fresh = new PendingEdge { Client = _unnamed, Server = _unnamed, Peer = NodeNames.None, ExpiresMs = now + (long)_settings.StoreTtl.TotalMilliseconds, Messaging = messaging };
        half.ApplyTo(ref fresh);
        if (half.IsClient) fresh.Peer = peer;
        state.Pending.Add(key, fresh);
        _pendingTotal++;
        if (fresh.ExpiresMs < state.NextExpiryMs) state.NextExpiryMs = fresh.ExpiresMs;
        return 0;
    }

    private bool Complete(Tenant state, in PendingEdge edge, ConnectionType type, long now)
    {
        var key = new EdgeName(edge.Client, edge.Server, type);
        ref var series = ref CollectionsMarshal.GetValueRefOrAddDefault(state.Edges, key, out var exists);
        if (!exists)
        {
            if (state.Edges.Count > _settings.MaxEdges)
            {
                state.Edges.Remove(key);
                return false;
            }
            series = new EdgeSeries(_nodes[key.Client], _nodes[key.Server], ConnectionTypes.Label(type), _settings.Buckets);
        }
        series!.Requests++;
        if (edge.Failed) series.Failed++;
        series.ServerSeconds.Observe(edge.HasServer ? edge.ServerSeconds : edge.ClientSeconds);
        series.ClientSeconds.Observe(edge.HasClient ? edge.ClientSeconds : edge.ServerSeconds);
        series.LastUpdateMs = now;
        return true;
    }

    /// <summary>
    /// The first configured peer attribute the client span has (a string), as a node number
    /// (<see cref="NodeNames.None"/> when none), and whether it has <c>db.system</c> (a database
    /// call): one pass over the span's attributes.
    /// </summary>
    private int PeerOf(SpanBatch batch, int row, out bool database)
    {
        database = false;
        var range = batch.Spans[row].Attributes;
        var attributes = batch.SpanAttributes.AsSpan().Slice(range.Start, range.Count);
        int best = _peerKeys.Length, bestRow = -1;
        for (var i = 0; i < attributes.Length; i++)
        {
            var key = batch.Utf8(attributes[i].Key);
            if (key.SequenceEqual("db.system"u8)) database = true;
            for (var p = 0; p < best; p++)
            {
                if (!key.SequenceEqual(_peerKeys[p])) continue;
                if (attributes[i].Value.Kind == ValueKind.String)
                {
                    best = p;
                    bestRow = i;
                }
                break;
            }
        }
        return bestRow < 0 ? NodeNames.None : _nodes.Id(batch.Utf8(attributes[bestRow].Value.Bytes));
    }

    /// <summary>Renumbers the node names keeping only those a pending half or an edge still uses. Under the lock.</summary>
    private void ForgetUnusedNames()
    {
        var used = new bool[_nodes.Count];
        used[_user] = used[_unnamed] = true;
        foreach (var state in _tenants.Values)
        {
            foreach (var edge in state.Pending.Values)
            {
                used[edge.Client] = used[edge.Server] = true;
                if (edge.Peer != NodeNames.None) used[edge.Peer] = true;
            }
            foreach (var name in state.Edges.Keys) used[name.Client] = used[name.Server] = true;
        }
        var map = _nodes.Compact(used);
        _user = map[_user];
        _unnamed = map[_unnamed];
        foreach (var state in _tenants.Values)
        {
            foreach (var key in state.Pending.Keys.ToArray())
            {
                ref var edge = ref CollectionsMarshal.GetValueRefOrNullRef(state.Pending, key);
                edge.Client = map[edge.Client];
                edge.Server = map[edge.Server];
                if (edge.Peer != NodeNames.None) edge.Peer = map[edge.Peer];
            }
            var edges = state.Edges.ToArray();
            state.Edges.Clear();
            foreach (var (name, series) in edges) state.Edges.Add(name with { Client = map[name.Client], Server = map[name.Server] }, series);
        }
    }

    private Tenant TenantOf(string tenant)
    {
        if (!_tenants.TryGetValue(tenant, out var state))
        {
            state = new Tenant();
            _tenants.Add(tenant, state);
        }
        return state;
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Each second: the flush when it is due, else only the expiry of unpaired halves.</summary>
    private Task TickAsync()
    {
        if (NowMs() < _nextFlushMs)
        {
            Expire();
            return Task.CompletedTask;
        }
        _nextFlushMs = NowMs() + (long)_settings.FlushInterval.TotalMilliseconds;
        return FlushAsync();
    }

    private sealed class Tenant
    {
        public Dictionary<EdgeKey, PendingEdge> Pending { get; } = new(EdgeKeyComparer.Instance);

        /// <summary>When the earliest pending half's wait ends (long.MaxValue: none is waiting).</summary>
        public long NextExpiryMs { get; set; } = long.MaxValue;

        public Dictionary<EdgeName, EdgeSeries> Edges { get; } = new(EdgeNameComparer.Instance);
    }
}
