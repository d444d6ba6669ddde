namespace Orrery.Pipeline.Components;

/// <summary>
/// Runs a component's housekeeping (deciding due traces, flushing metrics) on a timer of the
/// pipeline's clock. A run still going when the next tick comes makes that tick skip, so slow
/// downstream writes never pile runs up. The work counts its own failures; an exception it lets
/// through is swallowed here because nothing may stop the timer. Disposing stops the timer and
/// waits for a run still going: a component disposed right after (deciding what is left, then
/// its store closing) must not race a tick that is still forwarding.
/// </summary>
public sealed class PeriodicWork : IAsyncDisposable
{
    private readonly Func<Task> _work;
    private readonly ITimer _timer;
    private int _running;
    private Task _current = Task.CompletedTask;

    private PeriodicWork(TimeProvider time, TimeSpan period, Func<Task> work)
    {
        _work = work;
        _timer = time.CreateTimer(static s => ((PeriodicWork)s!).OnTick(), this, period, period);
    }

    /// <summary>Starts the timer, or returns null when <paramref name="start"/> is false (tests drive the work by hand).</summary>
    public static PeriodicWork? Start(bool start, TimeProvider time, TimeSpan period, Func<Task> work) =>
        start ? new PeriodicWork(time, period, work) : null;

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync().ConfigureAwait(false);
        // A tick that fired before the timer stopped may still be running (or about to publish its task).
        while (Volatile.Read(ref _running) == 1)
        {
            await Volatile.Read(ref _current).ConfigureAwait(false);
            await Task.Yield();
        }
    }

    private void OnTick()
    {
        if (Interlocked.Exchange(ref _running, 1) == 1) return;
        Volatile.Write(ref _current, RunAsync());
    }

    private async Task RunAsync()
    {
        try
        {
            await _work().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Counted by the work itself; see the class summary.
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
