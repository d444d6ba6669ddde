using Orrery.Pipeline.Components;

namespace Orrery.Pipeline.Connectors.ServiceGraph;

/// <summary>Settings of the <c>servicegraph</c> connector, in the collector's shape.</summary>
public sealed record ServiceGraphSettings
{
    /// <summary>Tempo's metrics generator default: 0.1 s doubling to 12.8 s (8 buckets).</summary>
    public static readonly double[] DefaultBuckets = Enumerable.Range(0, 8).Select(i => 0.1 * Math.Pow(2, i)).ToArray();

    public double[] Buckets { get; init; } = DefaultBuckets;

    /// <summary>
    /// How long half an edge waits for the other half. SDKs export in batches every few seconds
    /// (5 s by default in OpenTelemetry SDKs), so the two services of one call can arrive that far
    /// apart; 10 s is Tempo's wait. The collector's 2 s default loses pairs across exports.
    /// </summary>
    public TimeSpan StoreTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Half edges held at most; beyond it new halves are dropped and counted. 100 000 at ~100 bytes each is ~10 MB.</summary>
    public int StoreMaxItems { get; init; } = 100_000;

    /// <summary>Attributes of a client (or producer) span naming its peer when no server half comes, in order of preference.</summary>
    public IReadOnlyList<string> PeerAttributes { get; init; } = ["peer.service", "db.name", "db.system", "messaging.system"];

    /// <summary>Edges (client, server, connection type) per tenant; more are dropped and counted.</summary>
    public int MaxEdges { get; init; } = 10_000;

    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan Expiration { get; init; } = TimeSpan.FromMinutes(15);

    public static ServiceGraphSettings Parse(ComponentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.RejectUnknownKeys("latency_histogram_buckets", "store", "virtual_node_peer_attributes", "max_edges", "metrics_flush_interval", "metrics_expiration", "dimensions");
        if (settings.GetStrings("dimensions").Count > 0)
            throw new PipelineConfigException($"{settings.Id}: dimensions are not supported yet (edges carry client, server and connection_type)", settings.Line);
        var store = settings.GetSection("store");
        store?.RejectUnknownKeys("ttl", "max_items");
        var ttl = store?.GetDuration("ttl", TimeSpan.FromSeconds(10)) ?? TimeSpan.FromSeconds(10);
        if (ttl <= TimeSpan.Zero) throw new PipelineConfigException($"{settings.Id}: store.ttl must be positive", store?.Line ?? settings.Line);
        var maxItems = store?.GetInt64("max_items", 100_000) ?? 100_000;
        if (maxItems is <= 0 or > 10_000_000) throw new PipelineConfigException($"{settings.Id}: store.max_items must be between 1 and 10000000", store?.Line ?? settings.Line);
        var maxEdges = settings.GetInt64("max_edges", 10_000);
        if (maxEdges is <= 0 or > 1_000_000) throw new PipelineConfigException($"{settings.Id}: max_edges must be between 1 and 1000000", settings.Line);
        var flush = settings.GetDuration("metrics_flush_interval", TimeSpan.FromSeconds(15));
        if (flush < TimeSpan.FromMilliseconds(100)) throw new PipelineConfigException($"{settings.Id}: metrics_flush_interval must be at least 100ms", settings.Line);
        var buckets = settings.Get("latency_histogram_buckets") is null
            ? DefaultBuckets
            : HistogramSettings.Parse(ExplicitSection(settings), DefaultBuckets).Buckets;
        var peers = settings.GetStrings("virtual_node_peer_attributes");
        return new ServiceGraphSettings
        {
            Buckets = buckets,
            StoreTtl = ttl,
            StoreMaxItems = (int)maxItems,
            PeerAttributes = peers.Count > 0 ? peers : ["peer.service", "db.name", "db.system", "messaging.system"],
            MaxEdges = (int)maxEdges,
            FlushInterval = flush,
            Expiration = settings.GetDuration("metrics_expiration", TimeSpan.FromMinutes(15)),
        };
    }

    /// <summary>The collector's flat <c>latency_histogram_buckets</c> list, read through the shared histogram parser.</summary>
    private static ComponentSettings ExplicitSection(ComponentSettings settings)
    {
        var body = new YamlDotNet.RepresentationModel.YamlMappingNode
        {
            { "explicit", new YamlDotNet.RepresentationModel.YamlMappingNode { { "buckets", settings.Get("latency_histogram_buckets")! } } },
        };
        return new ComponentSettings(settings.Id + ".latency_histogram_buckets", body, settings.Line);
    }
}
