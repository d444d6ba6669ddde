namespace Orrery.Signals.Metrics;

/// <summary>
/// Request batches a receiver reuses once the pipeline has given them back
/// (<see cref="MetricWriteResult.BatchReleased"/>). A reused batch keeps the capacity of its lists
/// and arena, so a steady stream of similar requests allocates nothing, where a new batch per
/// request allocated about twice the decoded request in large-object-heap arrays: the churn that
/// set off most full collections under remote write load. Bounded in count and in the size of a
/// batch it keeps, so one outsized request is not held for ever. Thread-safe.
/// </summary>
public sealed class MetricBatchPool(int capacity, int maxArenaBytes)
{
    private readonly Stack<MetricBatch> _free = new();

    /// <summary>Batches waiting to be reused (tests).</summary>
    public int Count
    {
        get
        {
            lock (_free) return _free.Count;
        }
    }

    /// <summary>A cleared batch from an earlier request, or false when none is free.</summary>
    public bool TryRent(out MetricBatch batch)
    {
        lock (_free) return _free.TryPop(out batch!);
    }

    /// <summary>Takes back a batch nothing refers to any more; drops it when the pool is full or the batch is outsized.</summary>
    public void Return(MetricBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Bytes.Capacity > maxArenaBytes) return;
        batch.Clear();
        lock (_free)
        {
            if (_free.Count < capacity) _free.Push(batch);
        }
    }
}
