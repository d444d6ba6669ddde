namespace Orrery.Signals.Metrics;

/// <summary>
/// Request batches a receiver reuses once the pipeline has given them back
/// (<see cref="MetricWriteResult.BatchReleased"/>). A reused batch keeps the capacity of its lists
/// and arena, so a steady stream of similar requests allocates nothing, where a new batch per
/// request allocated about twice the decoded request in large-object-heap arrays: the churn that
/// set off most full collections under remote write load. A batch whose arena outgrew
/// <paramref name="maxArenaBytes"/> is not kept, so one outsized request is not held for ever.
/// </summary>
public sealed class MetricBatchPool(int capacity, int maxArenaBytes) : BoundedPool<MetricBatch>(capacity)
{
    protected override bool Reset(MetricBatch item)
    {
        if (item.Bytes.Capacity > maxArenaBytes) return false;
        item.Clear();
        return true;
    }
}
