namespace Orrery.Pipeline.Processors.Limits;

/// <summary>
/// A token bucket: <see cref="Rate"/> tokens per second up to <see cref="Burst"/>. Starts full, so
/// a quiet client may send a burst at once. Not thread-safe; the caller holds a lock.
/// </summary>
internal sealed class TokenBucket(double rate, double burst, long nowTimestamp)
{
    private double _tokens = burst;
    private long _last = nowTimestamp;

    public double Rate { get; } = rate;

    public double Burst { get; } = burst;

    public double Tokens => _tokens;

    public void Refill(long nowTimestamp, long timestampFrequency)
    {
        if (nowTimestamp <= _last) return;
        var seconds = (double)(nowTimestamp - _last) / timestampFrequency;
        _tokens = Math.Min(Burst, _tokens + seconds * Rate);
        _last = nowTimestamp;
    }

    /// <summary>How long until <paramref name="amount"/> tokens are there (zero when they already are).</summary>
    public TimeSpan WaitFor(double amount) =>
        _tokens >= amount ? TimeSpan.Zero : TimeSpan.FromSeconds((amount - _tokens) / Rate);

    public void Take(double amount) => _tokens -= amount;
}
