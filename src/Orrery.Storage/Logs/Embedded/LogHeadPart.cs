using Orrery.Signals;
using Orrery.Signals.Logs;
using Orrery.Storage.Embedded;
using Orrery.Storage.Wal;

namespace Orrery.Storage.Logs.Embedded;

/// <summary>
/// A unit of head cut into one block: the lines of WAL records [<see cref="FirstPosition"/>,
/// <see cref="LastPosition"/>] of one tenant, by stream. Mutated and read under the tenant lock.
/// </summary>
internal sealed class LogHeadPart(long createdTimestamp) : IHeadPart
{
    private readonly Dictionary<int, StreamHead> _streams = [];

    public long CreatedTimestamp { get; } = createdTimestamp;

    public MetadataNames Names { get; } = new();

    public HeadTraceIndex Traces { get; } = new();

    public WalPosition FirstPosition { get; private set; }

    public WalPosition LastPosition { get; private set; }

    public bool IsEmpty => Lines == 0 && Records == 0;

    public long Lines { get; private set; }

    public long Records { get; private set; }

    /// <summary>Bytes of lines and metadata values held: what <see cref="LogStorageOptions.HeadMaxBytes"/> counts.</summary>
    public long Bytes { get; private set; }

    public IEnumerable<StreamHead> Streams => _streams.Values;

    public StreamHead? Get(int streamId) => _streams.GetValueOrDefault(streamId);

    /// <summary>
    /// Appends the records whose <paramref name="streams"/> entry (by batch stream) is set and
    /// whose <paramref name="accepted"/> flag is true (all when null), from the WAL record at
    /// <paramref name="position"/>.
    /// </summary>
    public void Append(LogBatch batch, LogStream?[] streams, ReadOnlySpan<bool> accepted, WalPosition position)
    {
        if (Records == 0) FirstPosition = position;
        LastPosition = position;
        Records++;
        var records = batch.Records.AsSpan();
        for (var r = 0; r < records.Length; r++)
        {
            if (!accepted.IsEmpty && !accepted[r]) continue;
            ref readonly var record = ref records[r];
            var stream = streams[record.Stream];
            if (stream is null) continue;
            if (!_streams.TryGetValue(stream.Id, out var head)) _streams[stream.Id] = head = new StreamHead(stream);
            var before = head.Bytes;
            var line = head.Append(record.TimestampNs, batch.Utf8(record.Line), batch.Bytes, batch.MetadataOf(r), Names);
            if (line < 0) continue;
            Bytes += head.Bytes - before;
            Lines++;
            stream.ObserveTimestamp(record.TimestampNs);
            if (!record.TraceId.IsEmpty) Traces.Add(record.TraceId, stream.Id, line);
        }
    }
}
