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
internal sealed class StoreMaintenance
{
    /// <summary>How often the cut loop checks head age; size triggers wake it at once.</summary>
    private static readonly TimeSpan CutTick = TimeSpan.FromSeconds(1);

    private readonly string _signal;
    private readonly ILogger _logger;
    private readonly StoreLifecycle _lifecycle;
    private readonly Func<bool, int> _cutHeads;
    private readonly Func<int> _compact;
    private readonly Func<DateTimeOffset, int> _applyRetention;
    private readonly SemaphoreSlim _cutting = new(1, 1);
    private readonly SemaphoreSlim _maintenance = new(1, 1);
    private readonly SemaphoreSlim _cutSignal = new(0, int.MaxValue);
    private readonly BackgroundLoops _background = new();

    /// <param name="signal">The signal in log messages: "trace", "log".</param>
    /// <param name="lifecycle">The store's: the operations run on request only once it is ready.</param>
    /// <param name="cutHeads">Cuts the heads that are due, or all with <c>force</c>; returns the blocks written.</param>
    /// <param name="compact">One compaction round over every tenant; returns the blocks written.</param>
    /// <param name="applyRetention">Deletes the blocks older than the retention at the given time; returns how many.</param>
    public StoreMaintenance(
        string signal, ILogger logger, StoreLifecycle lifecycle, Func<bool, int> cutHeads, Func<int> compact, Func<DateTimeOffset, int> applyRetention)
    {
        _signal = signal;
        _logger = logger;
        _lifecycle = lifecycle;
        _cutHeads = cutHeads;
        _compact = compact;
        _applyRetention = applyRetention;
    }

    /// <summary>Wakes the cut loop now (a head part is full, or an append waits for room).</summary>
    public void RequestCut() => _cutSignal.Release();

    /// <summary>Cuts every non-empty head now, after any cut in progress.</summary>
    public int CutAllNow()
    {
        _lifecycle.WaitReady();
        return RunHolding(_cutting, () => _cutHeads(true));
    }

    /// <summary>Runs one compaction round now, after any maintenance in progress.</summary>
    public int CompactNow()
    {
        _lifecycle.WaitReady();
        return RunHolding(_maintenance, _compact);
    }

    /// <summary>Applies retention against <paramref name="now"/>, after any maintenance in progress.</summary>
    public int ApplyRetentionNow(DateTimeOffset now)
    {
        _lifecycle.WaitReady();
        return RunHolding(_maintenance, () => _applyRetention(now));
    }

    /// <summary>Starts both loops (the store calls this at the end of start-up).</summary>
    public void Start(TimeSpan compactionInterval, TimeProvider time) =>
        _background.Start(
            _logger,
            new BackgroundLoop($"cutting {_signal} heads into blocks", token => _cutSignal.WaitAsync(CutTick, token), _cutting, () => _cutHeads(false)),
            new BackgroundLoop($"{_signal} storage compaction or retention", token => Task.Delay(compactionInterval, time, token), _maintenance, () =>
            {
                _compact();
                _applyRetention(time.GetUtcNow());
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
                _cutHeads(true);
            }
            finally
            {
                _cutting.Release();
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "cannot cut {Signal} heads into blocks on shutdown; the WAL keeps the data for replay", _signal);
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
