namespace Orrery.Generate.Running;

/// <summary>Hands out batch sizes until a total item count is spent (unbounded when no count).</summary>
public sealed class ItemBudget(long? total)
{
    private long _remaining = total ?? long.MaxValue;

    /// <summary>The size of the next batch (at most <paramref name="batchSize"/>), or 0 when the budget is spent.</summary>
    public int Take(int batchSize)
    {
        while (true)
        {
            var remaining = Interlocked.Read(ref _remaining);
            if (remaining <= 0) return 0;
            var take = (int)Math.Min(batchSize, remaining);
            if (Interlocked.CompareExchange(ref _remaining, remaining - take, remaining) == remaining) return take;
        }
    }
}
