using Microsoft.Extensions.Logging;

namespace Orrery.Storage.Embedded;

/// <summary>
/// When a store that cuts its head into blocks (traces, logs) runs its three maintenance
/// operations, and what each waits for. Cuts run one at a time behind their own gate, in a loop
/// woken by appends (a part is full) or a one-second tick (a part is old): never behind a
/// compaction, because appends wait for cuts when the head is over budget. Compaction and
/// retention share the other gate and run on a timer. The two meet only in the tenant's block
/// list, whose changes are atomic. What a cut, a compaction or a retention pass does is the
/// store's: it hands them in.
/// </summary>
/// <param name="signal">The signal in log messages: "trace", "log".</param>
/// <param name="lifecycle">The store's: the operations run on request only once it is ready.</param>
/// <param name="cutHeads">Cuts the heads that are due, or all with <c>force</c>; returns the blocks written.</param>
/// <param name="compact">One compaction round over every tenant; returns the blocks written.</param>
/// <param name="applyRetention">Deletes the blocks older than the retention at the given time; returns how many.</param>
internal sealed class StoreMaintenance(
    string signal, ILogger logger, StoreLifecycle lifecycle, Func<bool, int> cutHeads, Func<int> compact, Func<DateTimeOffset, int> applyRetention)
{
    /// <summary>How often the cut loop checks head age; size triggers wake it at once.</summary>
    private static readonly TimeSpan CutTick = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _cutting = new(1, 1);
    private readonly SemaphoreSlim _maintenance = new(1, 1);
    private readonly SemaphoreSlim _cutSignal = new(0, int.MaxValue);
    private readonly BackgroundLoops _background = new();

    /// <summary>Wakes the cut loop now (a head part is full, or an append waits for room).</summary>
    public void RequestCut() => _cutSignal.Release();

    /// <summary>Cuts every non-empty head now, after any cut in progress.</summary>
    public int CutAllNow()
    {
        lifecycle.WaitReady();
        return RunHolding(_cutting, () => cutHeads(true));
    }

    /// <summary>Runs one compaction round now, after any maintenance in progress.</summary>
    public int CompactNow()
    {
        lifecycle.WaitReady();
        return RunHolding(_maintenance, compact);
    }

    /// <summary>Applies retention against <paramref name="now"/>, after any maintenance in progress.</summary>
    public int ApplyRetentionNow(DateTimeOffset now)
    {
        lifecycle.WaitReady();
        return RunHolding(_maintenance, () => applyRetention(now));
    }

    /// <summary>Starts both loops (the store calls this at the end of start-up).</summary>
    public void Start(TimeSpan compactionInterval, TimeProvider time) =>
        _background.Start(
            logger,
            new BackgroundLoop($"cutting {signal} heads into blocks", token => _cutSignal.WaitAsync(CutTick, token), _cutting, () => cutHeads(false)),
            new BackgroundLoop($"{signal} storage compaction or retention", token => Task.Delay(compactionInterval, time, token), _maintenance, () =>
            {
                compact();
                applyRetention(time.GetUtcNow());
            }));

    /// <summary>
    /// Stops the loops (a round in progress finishes), then cuts every head: a graceful shutdown
    /// leaves the WAL nearly empty, so the next start replays little. A failed cut is logged, not
    /// thrown: the WAL keeps the data for replay.
    /// </summary>
    public async Task StopAsync()
    {
        await _background.StopAsync().ConfigureAwait(false);
        try
        {
            await _cutting.WaitAsync().ConfigureAwait(false);
            try
            {
                cutHeads(true);
            }
            finally
            {
                _cutting.Release();
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "cannot cut {Signal} heads into blocks on shutdown; the WAL keeps the data for replay", signal);
        }
    }

    private static int RunHolding(SemaphoreSlim gate, Func<int> work)
    {
        gate.Wait();
        try
        {
            return work();
        }
        finally
        {
            gate.Release();
        }
    }
}
