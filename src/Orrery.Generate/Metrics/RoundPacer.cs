namespace Orrery.Generate.Metrics;

/// <summary>
/// Keeps the workers of one simulated-time run within a few rounds of each other. Each worker owns
/// its series and sends them in order, but without pacing a fast worker would run hours of
/// simulated time ahead, and a peer whose head has moved on (Prometheus refuses samples more than
/// half a block range behind its newest, and both cut blocks as the head grows) would refuse the
/// slow workers' samples. A worker may start a batch reaching round <c>r</c> once every other
/// worker still running has completed round <c>r - lead</c>.
/// </summary>
public sealed class RoundPacer
{
    private readonly long[] _completed;
    private readonly bool[] _finished;
    private readonly int _lead;
    private readonly Lock _lock = new();
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="lead">Rounds a worker may run ahead of the slowest (at least 1).</param>
    public RoundPacer(int workers, int lead = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(lead, 1);
        _completed = new long[workers];
        _finished = new bool[workers];
        _lead = lead;
    }

    /// <summary>
    /// Waits until worker <paramref name="worker"/> may send a batch whose last sample is in round
    /// <paramref name="lastRound"/>; <paramref name="ownRounds"/> is how many rounds that batch itself
    /// spans past the worker's completed ones (a batch larger than a worker's share), which is
    /// always allowed so the slowest worker never waits for itself.
    /// </summary>
    public async ValueTask WaitAsync(int worker, long lastRound, int ownRounds, CancellationToken cancellationToken)
    {
        var allowedBehind = lastRound - _lead - Math.Max(0, ownRounds);
        while (true)
        {
            Task progress;
            lock (_lock)
            {
                if (SlowestOther(worker) >= allowedBehind) return;
                progress = _progress.Task;
            }
            await progress.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Worker <paramref name="worker"/> has generated every sample of its first <paramref name="rounds"/> rounds.</summary>
    public void Completed(int worker, long rounds)
    {
        lock (_lock)
        {
            if (rounds <= _completed[worker]) return;
            _completed[worker] = rounds;
            Signal();
        }
    }

    /// <summary>The worker stopped: nobody waits for it any more.</summary>
    public void Finished(int worker)
    {
        lock (_lock)
        {
            _finished[worker] = true;
            Signal();
        }
    }

    private long SlowestOther(int worker)
    {
        var slowest = long.MaxValue;
        for (var w = 0; w < _completed.Length; w++)
        {
            if (w != worker && !_finished[w]) slowest = Math.Min(slowest, _completed[w]);
        }
        return slowest;
    }

    private void Signal()
    {
        var done = _progress;
        _progress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.TrySetResult();
    }
}
