namespace Orrery.Generate.Running;

/// <summary>The run's counters, updated by every worker without a lock.</summary>
public sealed class LoadCounters
{
    private long _sent;
    private long _acknowledged;
    private long _refused;
    private long _retried;
    private long _requests;

    public long Sent => Interlocked.Read(ref _sent);
    public long Acknowledged => Interlocked.Read(ref _acknowledged);
    public long Refused => Interlocked.Read(ref _refused);
    /// <summary>Requests sent again after a retryable answer (not items).</summary>
    public long Retried => Interlocked.Read(ref _retried);
    public long Requests => Interlocked.Read(ref _requests);

    public void AddSent(long items)
    {
        Interlocked.Add(ref _sent, items);
        Interlocked.Increment(ref _requests);
    }

    public void AddAcknowledged(long items) => Interlocked.Add(ref _acknowledged, items);

    public void AddRefused(long items) => Interlocked.Add(ref _refused, items);

    public void AddRetried() => Interlocked.Increment(ref _retried);

    public GenerateReport Report(TimeSpan elapsed) => new(Sent, Acknowledged, Refused, Retried, elapsed);
}
