using Orrery.Signals.Labels;

namespace Orrery.Storage.Logs.Embedded;

/// <summary>
/// One stream of a tenant, head and blocks alike: its id (dense, per tenant, this process only),
/// its labels, and the newest timestamp seen, which the out-of-order window is measured from.
/// </summary>
internal sealed class LogStream(int id, LabelSet labels)
{
    private long _maxTimestamp = long.MinValue;

    public int Id { get; } = id;

    public LabelSet Labels { get; } = labels;

    public long MaxTimestamp => Volatile.Read(ref _maxTimestamp);

    public void ObserveTimestamp(long ts)
    {
        var current = Volatile.Read(ref _maxTimestamp);
        while (ts > current)
        {
            var seen = Interlocked.CompareExchange(ref _maxTimestamp, ts, current);
            if (seen == current) return;
            current = seen;
        }
    }
}
