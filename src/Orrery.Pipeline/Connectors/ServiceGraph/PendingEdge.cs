using Orrery.Signals;

namespace Orrery.Pipeline.Connectors.ServiceGraph;

/// <summary>Where one call is matched: the trace and the client span's id (the server span's parent).</summary>
internal readonly record struct EdgeKey(TraceId TraceId, SpanId ClientSpanId);

internal sealed class EdgeKeyComparer : IEqualityComparer<EdgeKey>
{
    public static readonly EdgeKeyComparer Instance = new();

    public bool Equals(EdgeKey x, EdgeKey y) => x.TraceId.Low == y.TraceId.Low && x.TraceId.High == y.TraceId.High && x.ClientSpanId.Value == y.ClientSpanId.Value;

    // Span ids are random; one trace holds many calls, so the span id must be in the hash.
    public int GetHashCode(EdgeKey k) => (int)k.ClientSpanId.Value ^ (int)(k.ClientSpanId.Value >> 32) ^ (int)k.TraceId.Low;
}

/// <summary>Half (or both halves) of a call between two services, waiting in the store.</summary>
internal struct PendingEdge
{
    public string? Client;
    public string? Server;
    /// <summary>What the client half says it called (peer.service, db.name, …), used when no server half comes.</summary>
    public string? Peer;
    public bool Messaging;
    public double ClientSeconds;
    public double ServerSeconds;
    public bool Failed;
    public long ExpiresMs;
    public bool HasClient;
    public bool HasServer;
}

/// <summary>The aggregated metrics of one edge.</summary>
internal sealed class EdgeSeries(string client, string server, string connectionType, double[] buckets)
{
    public string Client { get; } = client;
    public string Server { get; } = server;
    public string ConnectionType { get; } = connectionType;
    public long Requests { get; set; }
    public long Failed { get; set; }
    public ExplicitHistogram ServerSeconds { get; } = new(buckets, 0);
    public ExplicitHistogram ClientSeconds { get; } = new(buckets, 0);
    public long LastUpdateMs { get; set; }
    public bool Flushed { get; set; }
}
