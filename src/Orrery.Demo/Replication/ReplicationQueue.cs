using System.Diagnostics;
using System.Threading.Channels;
using Orrery.Demo.Hosting;

namespace Orrery.Demo.Replication;

/// <summary>
/// The in-process queue a coordinator's replication work waits in. Sending makes a producer
/// span and puts its context into the message; receiving makes the consumer span a child of
/// it, so the trace of an upload continues into the other region and Orrery's service graph
/// sees a <c>messaging_system</c> edge between the two.
/// </summary>
internal sealed class ReplicationQueue(string region)
{
    public const string MessagingSystem = "inproc";

    /// <summary>A few hundred uploads of backlog at the demo's rate; beyond it the producer waits, as a full broker would push back.</summary>
    private readonly Channel<ReplicationMessage> _channel = Channel.CreateBounded<ReplicationMessage>(new BoundedChannelOptions(256)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public string Region { get; } = region;

    public string Destination => "s3-replication-" + Region;

    /// <summary>Queues the work under an <c>s3.replication.enqueue</c> producer span of <paramref name="producer"/>.</summary>
    public async Task EnqueueAsync(MeshTelemetry producer, string bucket, string key, long size, CancellationToken cancellationToken)
    {
        var messageId = Guid.NewGuid().ToString("N");
        using var span = producer.Source.StartActivity("s3.replication.enqueue", ActivityKind.Producer);
        span?.SetTag("messaging.system", MessagingSystem);
        span?.SetTag("messaging.operation.type", "send");
        span?.SetTag("messaging.operation.name", "enqueue");
        span?.SetTag("messaging.destination.name", Destination);
        span?.SetTag("messaging.message.id", messageId);
        span?.SetTag("aws.s3.bucket", bucket);
        span?.SetTag("aws.s3.key", key);
        span?.SetTag("net.peer.region", Region);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        MeshPropagation.Inject(headers);
        await _channel.Writer.WriteAsync(new ReplicationMessage(messageId, bucket, key, size, producer.Identity.Region, headers), cancellationToken).ConfigureAwait(false);
    }

    public IAsyncEnumerable<ReplicationMessage> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);
}
