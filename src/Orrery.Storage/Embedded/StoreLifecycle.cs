using Microsoft.Extensions.Logging;
using Orrery.Signals;

namespace Orrery.Storage.Embedded;

/// <summary>
/// The start-once, ready and disposed state every embedded store keeps: <c>StartAsync</c> runs
/// the store's start-up (open blocks, replay the WAL, start the background loops) once on the
/// thread pool; writes and reads wait for it; dispose waits for it too, so a store is never shut
/// down half opened.
/// </summary>
/// <param name="store">The store, named by <see cref="ObjectDisposedException"/>.</param>
/// <param name="name">The store in messages: "trace store".</param>
internal sealed class StoreLifecycle(object store, string name)
{
    private readonly Lock _sync = new();
    private Task? _start;
    private volatile bool _ready;
    private volatile bool _disposed;

    /// <summary>True once start-up has finished: blocks open, WAL replayed.</summary>
    public bool IsReady => _ready;

    /// <summary>Runs <paramref name="start"/> the first time; later calls return the same task.</summary>
    public Task StartAsync(Action start, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, store);
            return _start ??= Task.Run(() =>
            {
                start();
                _ready = true;
            }, cancellationToken);
        }
    }

    /// <summary>Completes when start-up has; throws when the store is disposed or was never started.</summary>
    public Task WaitReadyAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, store);
        return _start ?? throw new InvalidOperationException($"the {name} is not started: call StartAsync first");
    }

    /// <summary>Blocks until start-up has finished; free once it has (the common case on reads).</summary>
    public void WaitReady()
    {
        if (_ready) return;
        WaitReadyAsync().GetAwaiter().GetResult();
    }

    /// <summary>
    /// Marks the store disposed and waits for its start-up. True when there is a started store to
    /// shut down; false on a second dispose, for a store never started, and when start-up failed
    /// (logged: the WAL was not taken over, so there is nothing to flush).
    /// </summary>
    public async Task<bool> BeginDisposeAsync(ILogger logger)
    {
        Task? start;
        lock (_sync)
        {
            if (_disposed) return false;
            _disposed = true;
            start = _start;
        }
        if (start is null) return false;
        try
        {
            await start.ConfigureAwait(false);
            return true;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "{Store} start failed; nothing to flush", name);
            return false;
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> for a tenant id <see cref="Tenant.Validate"/> refuses.</summary>
    public static void ValidateTenant(string tenant)
    {
        var problem = Tenant.Validate(tenant);
        if (problem is not null) throw new ArgumentException(problem, nameof(tenant));
    }
}
