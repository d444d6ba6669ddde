namespace Orrery.Receive.Tests;

/// <summary>
/// A clock that moves only when a test says so. Timers (Task.Delay, timeouts, refresh timers)
/// fire during <see cref="Advance"/>; <see cref="AdvanceToNextTimerAsync"/> waits until code
/// under test has scheduled something, so a test never races the loop it drives.
/// <see cref="GetTimestamp"/> is the wall clock's ticks, so elapsed-time code sees the same moves.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;
    private TaskCompletionSource _scheduled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock) return _now;
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock, firing every timer that falls due on the way, in order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset end;
        lock (_lock) end = _now + by;
        while (true)
        {
            ManualTimer? due;
            lock (_lock)
            {
                due = _timers.Where(t => t.Due <= end).MinBy(t => t.Due);
                if (due is null)
                {
                    _now = end;
                    return;
                }
                _now = due.Due;
                due.Fired();
            }
            due.Callback(due.State);
        }
    }

    /// <summary>Waits until a timer is pending, then advances to when it is due.</summary>
    public async Task AdvanceToNextTimerAsync()
    {
        while (true)
        {
            Task scheduled;
            TimeSpan? by = null;
            lock (_lock)
            {
                if (_timers.MinBy(t => t.Due) is { } next) by = next.Due - _now;
                if (_scheduled.Task.IsCompleted) _scheduled = new(TaskCreationOptions.RunContinuationsAsynchronously);
                scheduled = _scheduled.Task;
            }
            if (by is { } delay)
            {
                Advance(delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
                return;
            }
            // A safety net for a hung test, not a timing assertion.
            await scheduled.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private void Schedule(ManualTimer timer)
    {
        lock (_lock)
        {
            if (!_timers.Contains(timer)) _timers.Add(timer);
            _scheduled.TrySetResult();
        }
    }

    private void Remove(ManualTimer timer)
    {
        lock (_lock) _timers.Remove(timer);
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;
        public object? State { get; } = state;
        public DateTimeOffset Due { get; private set; }
        private TimeSpan _period;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                owner.Remove(this);
                return true;
            }
            Due = owner.GetUtcNow() + dueTime;
            owner.Schedule(this);
            return true;
        }

        /// <summary>Called under the owner's lock when the timer fires: re-arm a periodic timer, drop a one-shot.</summary>
        public void Fired()
        {
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan) Due += _period;
            else owner._timers.Remove(this);
        }

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
