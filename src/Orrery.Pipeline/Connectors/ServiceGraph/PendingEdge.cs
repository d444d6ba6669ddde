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

/// <summary>What kind of call an edge is: Tempo's <c>connection_type</c> label.</summary>
internal enum ConnectionType : byte
{
    /// <summary>A client and a server span were both seen (no label value).</summary>
    Direct,
    VirtualNode,
    MessagingSystem,
    Database,
}

internal static class ConnectionTypes
{
    public static string Label(ConnectionType type) => type switch
    {
        ConnectionType.VirtualNode => "virtual_node",
        ConnectionType.MessagingSystem => "messaging_system",
        ConnectionType.Database => "database",
        _ => "",
    };
}

/// <summary>
/// Half (or both halves) of a call between two services, waiting in the store. Names are
/// <see cref="NodeNames"/> numbers, so the store holds no references; a side not seen yet is the
/// empty name.
/// </summary>
internal struct PendingEdge
{
    public int Client;
    public int Server;
    /// <summary>What the client half says it called (peer.service, db.name, …), used when no server half comes; <see cref="NodeNames.None"/> when nothing.</summary>
    public int Peer;
    public bool Messaging;
    public bool Failed;
    public bool HasClient;
    public bool HasServer;
    public double ClientSeconds;
    public double ServerSeconds;
    public long ExpiresMs;
}

/// <summary>An edge's identity: client and server node numbers and the connection type.</summary>
internal readonly record struct EdgeName(int Client, int Server, ConnectionType Type);

internal sealed class EdgeNameComparer : IEqualityComparer<EdgeName>
{
    public static readonly EdgeNameComparer Instance = new();

    public bool Equals(EdgeName x, EdgeName y) => x.Client == y.Client && x.Server == y.Server && x.Type == y.Type;

    public int GetHashCode(EdgeName k) => (k.Client * 31 + k.Server) * 4 + (int)k.Type;
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
