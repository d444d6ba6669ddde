using Orrery.Query.LogQL.Engine;
using Orrery.Signals.Labels;

namespace Orrery.Api.Loki;

/// <summary>
/// What a tail has sent, per stream: the newest timestamp and the lines at it. A line is new
/// when it is after its own stream's newest sent line (or at that time and not yet sent), so a
/// stream whose lines arrive late is neither skipped because another stream ran ahead nor sent twice.
/// </summary>
public sealed class TailCursor(long startNs)
{
    private readonly Dictionary<LabelSet, (long Newest, HashSet<string> LinesAtNewest)> _streams = [];

    /// <summary>Lines before this were never asked for.</summary>
    public long StartNs { get; } = startNs;

    /// <summary>The newest line sent from any stream (<see cref="StartNs"/> before any).</summary>
    public long NewestSentNs { get; private set; } = startNs;

    public bool IsNew(LogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.TimestampNs < StartNs) return false;
        if (!_streams.TryGetValue(entry.StreamLabels, out var sent)) return true;
        return entry.TimestampNs > sent.Newest || (entry.TimestampNs == sent.Newest && !sent.LinesAtNewest.Contains(entry.Line));
    }

    public void MarkSent(LogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        NewestSentNs = Math.Max(NewestSentNs, entry.TimestampNs);
        if (!_streams.TryGetValue(entry.StreamLabels, out var sent) || entry.TimestampNs > sent.Newest)
            _streams[entry.StreamLabels] = (entry.TimestampNs, new HashSet<string>(StringComparer.Ordinal) { entry.Line });
        else if (entry.TimestampNs == sent.Newest) sent.LinesAtNewest.Add(entry.Line);
    }
}
