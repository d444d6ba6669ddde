using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using Orrery.Demo.Hosting;
using Orrery.Demo.Replication;

namespace Orrery.Demo.Services;

/// <summary>
/// The S3 API: <c>s3.PutObject</c> → 48 × <c>s3.chunk.store</c> (a chunk that is not local is
/// fetched from the object store, hundreds of ms) → manifest write → <c>s3.replication.enqueue</c>,
/// and on the other coordinator <c>s3.replication.fetch</c> from the queue.
/// </summary>
internal sealed partial class Coordinator
{
    public const int ChunksPerObject = 48;

    /// <summary>About one upload in two has a chunk that is not local (1 − 0.985^48 ≈ 0.52).</summary>
    public const double RemoteChunkProbability = 0.015;

    private async Task PutObjectAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var bucket = Simulated.RouteValue(context, "bucket");
        var key = Simulated.RouteValue(context, "key");
        var size = long.TryParse(context.Request.Query["size"], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 48L << 20;
        await SlowDownIfIncidentAsync(cancellationToken).ConfigureAwait(false);
        FailIfRegionDown("upload", probability: 0.5);

        using (var put = S3Span("s3.PutObject", "PutObject", bucket, key))
        {
            put?.SetTag("s3.object.size", size);
            put?.SetTag("s3.chunk.count", ChunksPerObject);
            for (var i = 0; i < ChunksPerObject; i++)
                await StoreChunkAsync(bucket, key, i, size / ChunksPerObject, cancellationToken).ConfigureAwait(false);
            await _client.EnsureAsync(_mesh.ObjectStore, HttpMethod.Put, "/objects/{bucket}/{*key}", $"/objects/{bucket}/{key}", cancellationToken).ConfigureAwait(false);
            await _mesh.ReplicaQueueFor(Region).EnqueueAsync(_telemetry, bucket, key, size, cancellationToken).ConfigureAwait(false);
        }
        context.Response.StatusCode = StatusCodes.Status201Created;
    }

    private async Task StoreChunkAsync(string bucket, string key, int index, long chunkSize, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var span = _telemetry.Source.StartActivity("s3.chunk.store");
        var chunkId = $"{(uint)HashCode.Combine(bucket, key, index):x8}";
        span?.SetTag("s3.chunk.index", index);
        span?.SetTag("s3.chunk.id", chunkId);
        span?.SetTag("s3.chunk.size", chunkSize);
        var local = !Simulated.Chance(RemoteChunkProbability);
        span?.SetTag("s3.chunk.local", local);
        if (local)
        {
            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _logger.LogInformation("chunk {ChunkId} ({Index}/{Count}) of {Bucket}/{Key} is not local for peer {PeerId}; fetching it from the object store",
                chunkId, index + 1, ChunksPerObject, bucket, key, CurrentPeer);
            await _client.EnsureAsync(_mesh.ObjectStore, HttpMethod.Get, "/chunks/{chunkId}", "/chunks/" + chunkId, cancellationToken).ConfigureAwait(false);
        }
        _chunkStore.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("s3.chunk.local", local));
    }

    private async Task GetObjectAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var bucket = Simulated.RouteValue(context, "bucket");
        var key = Simulated.RouteValue(context, "key");
        await SlowDownIfIncidentAsync(cancellationToken).ConfigureAwait(false);
        FailIfRegionDown("read", probability: 0.3);
        using (S3Span("s3.GetObject", "GetObject", bucket, key))
        {
            await _client.EnsureAsync(_mesh.ObjectStore, HttpMethod.Get, "/objects/{bucket}/{*key}", $"/objects/{bucket}/{key}", cancellationToken).ConfigureAwait(false);
        }
        context.Response.ContentType = "application/octet-stream";
        await context.Response.WriteAsync("object", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Consumes this region's replication queue until cancelled: each message continues its upload's trace.</summary>
    public async Task ReplicateAsync(CancellationToken cancellationToken)
    {
        var queue = _mesh.Queue(Region);
        try
        {
            await foreach (var message in queue.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                await FetchReplicaAsync(queue, message, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task FetchReplicaAsync(ReplicationQueue queue, ReplicationMessage message, CancellationToken cancellationToken)
    {
        var parent = MeshPropagation.Extract(message.Headers);
        Baggage.Current = parent.Baggage;
        using var scope = _logger.BeginScope(new KeyValuePair<string, object?>[] { new("peer.id", CurrentPeer) });
        using var span = _telemetry.Source.StartActivity("s3.replication.fetch", ActivityKind.Consumer, parent.ActivityContext);
        span?.SetTag("messaging.system", ReplicationQueue.MessagingSystem);
        span?.SetTag("messaging.operation.type", "process");
        span?.SetTag("messaging.operation.name", "fetch");
        span?.SetTag("messaging.destination.name", queue.Destination);
        span?.SetTag("messaging.consumer.group.name", "coordinator-" + Region);
        span?.SetTag("messaging.message.id", message.MessageId);
        span?.SetTag("aws.s3.bucket", message.Bucket);
        span?.SetTag("aws.s3.key", message.Key);
        span?.SetTag("net.peer.region", message.SourceRegion);
        span?.SetTag("peer.id", CurrentPeer);
        try
        {
            await SlowDownIfIncidentAsync(cancellationToken).ConfigureAwait(false);
            await _client.EnsureAsync(_mesh.ObjectStore, HttpMethod.Get, "/objects/{bucket}/{*key}", $"/objects/{message.Bucket}/{message.Key}", cancellationToken).ConfigureAwait(false);
            _replicated.Add(1, new KeyValuePair<string, object?>("net.peer.region", message.SourceRegion));
            _logger.LogInformation("replicated {Bucket}/{Key} ({Size} bytes) from {SourceRegion} for peer {PeerId}", message.Bucket, message.Key, message.Size, message.SourceRegion, CurrentPeer);
        }
        catch (MeshFailureException e)
        {
            span?.AddException(e);
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            _logger.LogError(e, "replication of {Bucket}/{Key} from {SourceRegion} for peer {PeerId} failed; will retry on the next sweep", message.Bucket, message.Key, message.SourceRegion, CurrentPeer);
        }
    }

    private Activity? S3Span(string name, string method, string bucket, string key)
    {
        var span = _telemetry.Source.StartActivity(name);
        span?.SetTag("rpc.system", "aws-api");
        span?.SetTag("rpc.service", "S3");
        span?.SetTag("rpc.method", method);
        span?.SetTag("aws.s3.bucket", bucket);
        span?.SetTag("aws.s3.key", key);
        span?.SetTag("peer.id", CurrentPeer);
        return span;
    }
}
