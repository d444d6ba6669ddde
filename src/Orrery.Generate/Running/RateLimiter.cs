using System.Diagnostics;

namespace Orrery.Generate.Running;

/// <summary>
/// Paces items to a rate shared by all workers: each reservation takes the next free slot on one
/// schedule, so the offered rate holds however the workers' requests interleave. A schedule that
/// has fallen behind (the peer was slow) restarts from now rather than bursting to catch up.
/// </summary>
public sealed class RateLimiter(double itemsPerSecond)
{
    private readonly Lock _lock = new();
    private readonly long _start = Stopwatch.GetTimestamp();
    private double _nextSeconds;

    /// <summary>Waits until <paramref name="items"/> may be sent; returns at once when the rate is unlimited.</summary>
    public Task WaitAsync(int items, CancellationToken cancellationToken)
    {
        if (itemsPerSecond <= 0) return Task.CompletedTask;
        var delay = Reserve(items, Stopwatch.GetElapsedTime(_start).TotalSeconds);
        return delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, cancellationToken);
    }

    /// <summary>Takes the slot for <paramref name="items"/> at time <paramref name="nowSeconds"/>; returns how long to wait for it.</summary>
    internal TimeSpan Reserve(int items, double nowSeconds)
    {
        double due;
        lock (_lock)
        {
            // Allow a tenth of a second of lag before giving up on catching up.
            if (_nextSeconds < nowSeconds - 0.1) _nextSeconds = nowSeconds;
            due = _nextSeconds;
            _nextSeconds += items / itemsPerSecond;
        }
        return TimeSpan.FromSeconds(Math.Max(0, due - nowSeconds));
    }
}
