using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Sampling;

/// <summary>
/// Scratch batches the tail sampler gathers kept rows into, kept with their grown tables. Only a
/// few are kept (one per send in flight is what a round can use), so an idle sampler holds a few
/// gathered batches' worth of memory at most.
/// </summary>
internal sealed class ScratchBatchPool(int capacity) : BoundedPool<SpanBatch>(capacity)
{
    /// <summary>A cleared scratch batch from the pool, or a new one.</summary>
    public SpanBatch Rent() => TryRent(out var batch) ? batch : new SpanBatch();

    protected override bool Reset(SpanBatch item)
    {
        item.Clear();
        return true;
    }
}
