using Microsoft.Extensions.Logging;

namespace Orrery.Storage.Embedded;

/// <summary>
/// When an embedded store runs its three maintenance operations, and what each waits for. Cuts
/// run one at a time behind their own gate, in a loop woken by appends (a part is full) or a
/// tick (a part is old): never behind a compaction, because appends of traces and logs wait for
/// cuts when the head is over budget. Compaction and retention share the other gate and run on a
/// timer. The two meet only in the tenant's block list, whose changes are atomic. A
/// <see cref="MaintenanceSchedule"/> may put everything behind one gate, change the tick and move
/// the background rounds to a low-priority thread (metrics). What a cut, a compaction or a
/// retention pass does is the store's: it hands them in.
/// </summary>
/// <param name="signal">The signal in log messages: "trace", "log".</param>
/// <param name="lifecycle">The store's: the operations run on request only once it is ready.</param>
/// <param name="cutHeads">Cuts the heads that are due, or all with <c>force</c>; returns the blocks written.</param>
/// <param name="compact">One compaction round over every tenant; returns the blocks written.</param>
/// <param name="applyRetention">Deletes the blocks older than the retention at the given time; returns how many.</param>
/// <param name="schedule">Null: <see cref="MaintenanceSchedule.Default"/>.</param>
internal sealed class StoreMaintenance(
    string signal, ILogger logger, StoreLifecycle lifecycle, Func<bool, int> cutHeads, Func<int> compact, Func<DateTimeOffset, int> applyRetention,
    MaintenanceSchedule? schedule = null)
{
    private readonly MaintenanceSchedule _schedule = schedule ?? MaintenanceSchedule.Default;
    private readonly SemaphoreSlim _maintenance = new(1, 1);
    private readonly SemaphoreSlim? _ownCutGate = schedule is { OneGate: true } ? null : new SemaphoreSlim(1, 1);
    private readonly SemaphoreSlim _cutSignal = new(0, int.MaxValue);
    private readonly BackgroundLoops _background = new();
    private MaintenanceThread? _thread;

    /// <summary>The gate cuts hold: their own, or with <see cref="MaintenanceSchedule.OneGate"/> the one every operation holds.</summary>
    private SemaphoreSlim Cutting => _ownCutGate ?? _maintenance;

    /// <summary>Wakes the cut loop now (a head part is full, or an append waits for room).</summary>
    public void RequestCut() => _cutSignal.Release();

    /// <summary>Cuts every non-empty head now (<c>force</c>), after any cut in progress.</summary>
    public int CutAllNow()
    {
        lifecycle.WaitReady();
        return RunHolding(Cutting, () => cutHeads(true));
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

    /// <summary>Runs another operation of the store (the metric head checkpoint) now, after any maintenance in progress.</summary>
    public void RunNow(Action work)
    {
        lifecycle.WaitReady();
        RunHolding(_maintenance, () =>
        {
            work();
            return 0;
        });
    }

    /// <summary>Starts both loops (the store calls this at the end of start-up).</summary>
    public void Start(TimeSpan compactionInterval, TimeProvider time)
    {
        if (_schedule.LowPriorityThreadName is { } name) _thread = new MaintenanceThread(name);
        _background.Start(
            logger,
            new BackgroundLoop($"cutting {signal} heads into blocks", token => _cutSignal.WaitAsync(_schedule.CutTick, token), Cutting, Round(() => cutHeads(false))),
            new BackgroundLoop($"{signal} storage compaction or retention", token => Task.Delay(compactionInterval, time, token), _maintenance, Round(() =>
            {
                compact();
                applyRetention(time.GetUtcNow());
            })));
    }

    /// <summary>
    /// Stops the loops, then cuts every head: a graceful shutdown leaves the WAL nearly empty, so
    /// the next start replays little.
    /// </summary>
    public async Task StopAsync()
    {
        await StopLoopsAsync().ConfigureAwait(false);
        await RunOnShutdownAsync(() => cutHeads(true), $"cut {signal} heads into blocks").ConfigureAwait(false);
    }

    /// <summary>Stops the loops (a round in progress finishes) and the maintenance thread.</summary>
    public async Task StopLoopsAsync()
    {
        await _background.StopAsync().ConfigureAwait(false);
        _thread?.Dispose();
    }

    /// <summary>
    /// Runs a last round after the loops have stopped, holding the cut gate. A failure is logged,
    /// not thrown: the WAL keeps the data for replay.
    /// </summary>
    /// <param name="what">The round in the log: "cut trace heads into blocks".</param>
    public async Task RunOnShutdownAsync(Action work, string what)
    {
        try
        {
            await Cutting.WaitAsync().ConfigureAwait(false);
            try
            {
                work();
            }
            finally
            {
                Cutting.Release();
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "cannot {What} on shutdown; the WAL keeps the data for replay", what);
        }
    }

    /// <summary>A background round: on the maintenance thread when there is one, else on the loop's own pool thread.</summary>
    private Func<Task> Round(Action work)
    {
        var thread = _thread;
        if (thread is not null) return () => thread.RunAsync(work);
        return () =>
        {
            work();
            return Task.CompletedTask;
        };
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
