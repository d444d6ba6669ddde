using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Sampling;

/// <summary>
/// Scratch batches the tail sampler gathers kept rows into, kept with their grown tables. Only a
/// few are kept (one per send in flight is what a round can use), so an idle sampler holds a few
/// gathered batches' worth of memory at most. Thread-safe.
/// </summary>
internal sealed class ScratchBatchPool(int capacity)
{
    private readonly Stack<SpanBatch> _free = new();

    /// <summary>Scratch batches waiting in the pool (tests).</summary>
    public int Count
    {
        get
        {
            lock (_free) return _free.Count;
        }
    }

    public SpanBatch Rent()
    {
        lock (_free)
        {
            if (_free.TryPop(out var batch)) return batch;
        }
        return new SpanBatch();
    }

    public void Return(SpanBatch batch)
    {
        batch.Clear();
        lock (_free)
        {
            if (_free.Count < capacity) _free.Push(batch);
        }
    }
}
