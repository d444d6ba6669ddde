using Microsoft.Extensions.Logging;

namespace Orrery.Storage;

/// <summary>
/// One loop of an embedded store's background maintenance: wait for a turn (a signal or a
/// timer), then do one round of <see cref="WorkAsync"/> holding <see cref="Gate"/>.
/// </summary>
/// <param name="What">Names the work in the log when a round fails ("cutting trace heads into blocks").</param>
internal sealed record BackgroundLoop(string What, Func<CancellationToken, Task> WaitForTurnAsync, SemaphoreSlim Gate, Func<Task> WorkAsync)
{
    /// <summary>A loop whose round runs on the loop's own thread-pool thread.</summary>
    public BackgroundLoop(string what, Func<CancellationToken, Task> waitForTurnAsync, SemaphoreSlim gate, Action work)
        : this(what, waitForTurnAsync, gate, () =>
        {
            work();
            return Task.CompletedTask;
        })
    {
    }
}

/// <summary>
/// The background maintenance every embedded store runs (cutting heads into blocks, compaction,
/// retention): loops started after the WAL replay and stopped together on dispose. A failed
/// round is logged and the loop goes on: the data stays in the head, the WAL and the old
/// blocks, and the next round tries again.
/// </summary>
internal sealed class BackgroundLoops
{
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    public void Start(ILogger logger, params BackgroundLoop[] loops) =>
        _running = Task.WhenAll(loops.Select(loop => Task.Run(() => RunAsync(loop, logger, _stop.Token))));

    /// <summary>Cancels the waits and lets a round in progress finish.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _running.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task RunAsync(BackgroundLoop loop, ILogger logger, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            await loop.WaitForTurnAsync(token).ConfigureAwait(false);
            await loop.Gate.WaitAsync(token).ConfigureAwait(false);
            try
            {
                await loop.WorkAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "{What} failed", loop.What);
            }
            finally
            {
                loop.Gate.Release();
            }
        }
    }
}
