using Microsoft.Extensions.Logging;

namespace Orrery.Storage.Embedded;

/// <summary>
/// The background work of a store that cuts its head into blocks (traces, logs): a cut loop
/// woken by appends (a part is full) or a one-second tick (a part is old), and a timed loop for
/// compaction and retention. Cuts run one at a time behind their own gate, never behind a
/// compaction, because appends wait for cuts when the head is over budget; compaction and
/// retention share the other gate. The two meet only in the tenant's block list, whose changes
/// are atomic. What a cut, a compaction or a retention pass does stays in the store.
/// </summary>
/// <param name="signal">The signal in log messages: "trace", "log".</param>
internal sealed class StoreMaintenance(string signal, ILogger logger)
{
    /// <summary>How often the cut loop checks head age; size triggers wake it at once.</summary>
    private static readonly TimeSpan CutTick = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _cutting = new(1, 1);
    private readonly SemaphoreSlim _maintenance = new(1, 1);
    private readonly SemaphoreSlim _cutSignal = new(0, int.MaxValue);
    private readonly BackgroundLoops _background = new();

    /// <summary>Wakes the cut loop now (a head part is full, or an append waits for room).</summary>
    public void RequestCut() => _cutSignal.Release();

    /// <summary>Runs <paramref name="cut"/> now, after any cut in progress.</summary>
    public int Cut(Func<int> cut) => RunHolding(_cutting, cut);

    /// <summary>Runs a compaction or retention pass now, after any in progress.</summary>
    public int Maintain(Func<int> work) => RunHolding(_maintenance, work);

    /// <summary>Starts both loops (the store calls this at the end of start-up).</summary>
    /// <param name="cutDue">Cuts the head parts that are due.</param>
    /// <param name="compactAndApplyRetention">One round of compaction, then retention against the clock.</param>
    public void Start(TimeSpan compactionInterval, TimeProvider time, Action cutDue, Action compactAndApplyRetention) =>
        _background.Start(
            logger,
            new BackgroundLoop($"cutting {signal} heads into blocks", token => _cutSignal.WaitAsync(CutTick, token), _cutting, cutDue),
            new BackgroundLoop($"{signal} storage compaction or retention", token => Task.Delay(compactionInterval, time, token), _maintenance, compactAndApplyRetention));

    /// <summary>
    /// Stops the loops (a round in progress finishes), then runs <paramref name="cutAll"/>: a
    /// graceful shutdown leaves the WAL nearly empty, so the next start replays little. A failed
    /// cut is logged, not thrown: the WAL keeps the data for replay.
    /// </summary>
    public async Task StopAsync(Action cutAll)
    {
        await _background.StopAsync().ConfigureAwait(false);
        try
        {
            await _cutting.WaitAsync().ConfigureAwait(false);
            try
            {
                cutAll();
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
