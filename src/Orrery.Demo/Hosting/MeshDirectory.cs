using Orrery.Demo.Replication;

namespace Orrery.Demo.Hosting;

/// <summary>Where each service of the mesh listens, filled in once all of them have started (ports are picked by the OS).</summary>
internal sealed class MeshDirectory
{
    private readonly Dictionary<string, ServiceEndpoint> _coordinators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReplicationQueue> _queues = new(StringComparer.Ordinal);

    public ServiceEndpoint Relay { get; set; } = null!;

    public ServiceEndpoint ObjectStore { get; set; } = null!;

    public void AddCoordinator(ServiceEndpoint coordinator) => _coordinators[coordinator.Identity.Region] = coordinator;

    public void AddQueue(ReplicationQueue queue) => _queues[queue.Region] = queue;

    public ServiceEndpoint Coordinator(string region) => _coordinators[region];

    public ReplicationQueue Queue(string region) => _queues[region];

    /// <summary>Where an object uploaded in <paramref name="region"/> is replicated to: the other region.</summary>
    public ReplicationQueue ReplicaQueueFor(string region) => _queues.First(q => q.Key != region).Value;
}
