namespace Orrery.Demo.Replication;

/// <summary>
/// "Copy this object to your region": what one coordinator queues for the other after an
/// upload. <see cref="Headers"/> carries traceparent and baggage across the queue, as message
/// headers do on a real broker.
/// </summary>
internal sealed record ReplicationMessage(string MessageId, string Bucket, string Key, long Size, string SourceRegion, IReadOnlyDictionary<string, string> Headers);
