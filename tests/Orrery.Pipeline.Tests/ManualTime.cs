namespace Orrery.Pipeline.Tests;

/// <summary>
/// A clock tests move by hand: the wall clock and the timestamp both move only in <see cref="Advance"/>.
/// Timers that fall due fire during <see cref="Advance"/>, unless the clock is made with
/// <c>fireTimers: false</c>: then tests call the components' round methods themselves, and a periodic
/// round never runs behind their back.
/// </summary>
internal sealed class ManualTime(bool fireTimers = true) : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long _ticks;

    /// <summary>Whether <see cref="Advance"/> fires the timers that fall due.</summary>
    public bool FireTimers { get; } = fireTimers;

    public override DateTimeOffset GetUtcNow() => _now;

    public override long GetTimestamp() => _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public long NowMs => _now.ToUnixTimeMilliseconds();

    public long NowNs => _now.ToUnixTimeMilliseconds() * 1_000_000;

    /// <summary>Moves the clock; with <see cref="FireTimers"/>, fires (once) each timer now due.</summary>
    public void Advance(TimeSpan by)
    {
        _now += by;
        _ticks += by.Ticks;
        if (!FireTimers) return;
        List<ManualTimer> due;
        lock (_timers) due = _timers.Where(t => t.Due <= _ticks).ToList();
        foreach (var t in due)
        {
            lock (_timers) _timers.Remove(t);
            t.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state, _ticks + dueTime.Ticks);
        lock (_timers) _timers.Add(timer);
        return timer;
    }

    private sealed class ManualTimer(ManualTime owner, TimerCallback callback, object? state, long due) : ITimer
    {
        public long Due { get; private set; } = due;

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Due = owner._ticks + dueTime.Ticks;
            return true;
        }

        public void Dispose()
        {
            lock (owner._timers) owner._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
