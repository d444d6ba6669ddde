namespace Orrery.Pipeline.Components;

/// <summary>
/// Runs a component's housekeeping (deciding due traces, flushing metrics) on a timer of the
/// pipeline's clock. A run still going when the next tick comes makes that tick skip, so slow
/// downstream writes never pile runs up. The work counts its own failures; an exception it lets
/// through is swallowed here because nothing may stop the timer.
/// </summary>
public sealed class PeriodicWork : IAsyncDisposable
{
    private readonly Func<Task> _work;
    private readonly ITimer _timer;
    private int _running;

    private PeriodicWork(TimeProvider time, TimeSpan period, Func<Task> work)
    {
        _work = work;
        _timer = time.CreateTimer(static s => ((PeriodicWork)s!).OnTick(), this, period, period);
    }

    /// <summary>Starts the timer, or returns null when <paramref name="start"/> is false (tests drive the work by hand).</summary>
    public static PeriodicWork? Start(bool start, TimeProvider time, TimeSpan period, Func<Task> work) =>
        start ? new PeriodicWork(time, period, work) : null;

    public ValueTask DisposeAsync() => _timer.DisposeAsync();

    private void OnTick()
    {
        if (Interlocked.Exchange(ref _running, 1) == 1) return;
        _ = RunAsync();
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
