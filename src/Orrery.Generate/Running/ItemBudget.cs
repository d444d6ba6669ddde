namespace Orrery.Generate.Running;

/// <summary>
/// One worker's share of a run's item count, handed out a batch at a time (unbounded when the
/// run has no count). Each worker has its own: with one budget shared by all, a worker that got
/// its first answer early took the batches meant for the others, so a metrics worker could send
/// its own series for extra rounds while another worker's series were never sent at all.
/// </summary>
public sealed class ItemBudget(long? total)
{
    private long _remaining = total ?? long.MaxValue;

    /// <summary>The size of the next batch (at most <paramref name="batchSize"/>), or 0 when the budget is spent.</summary>
    public int Take(int batchSize)
    {
        if (_remaining <= 0) return 0;
        var take = (int)Math.Min(batchSize, _remaining);
        _remaining -= take;
        return take;
    }

    /// <summary>
    /// Splits <paramref name="total"/> over the workers in proportion to their
    /// <paramref name="weights"/>; the items the division leaves over go to the largest
    /// remainders (earlier workers on ties), so the shares add up to the total exactly.
    /// </summary>
    public static ItemBudget[] Split(long? total, IReadOnlyList<long> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count == 0) throw new ArgumentException("at least one worker", nameof(weights));
        if (weights.Any(w => w < 1)) throw new ArgumentOutOfRangeException(nameof(weights), "every weight must be at least 1");
        if (total is not { } count) return [.. weights.Select(_ => new ItemBudget(null))];

        // Exact integer shares: floor(count × w / sum), the remainder of that division ranking who gets a leftover item.
        var sum = weights.Aggregate(Int128.Zero, (s, w) => s + w);
        var shares = weights.Select(w => (long)(count * (Int128)w / sum)).ToArray();
        var left = count - shares.Sum();
        foreach (var worker in Enumerable.Range(0, shares.Length).OrderByDescending(i => count * (Int128)weights[i] % sum).ThenBy(i => i).Take((int)left))
            shares[worker]++;
        return [.. shares.Select(s => new ItemBudget(s))];
    }
}
