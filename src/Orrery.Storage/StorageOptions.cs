using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orrery.Storage.Wal;

namespace Orrery.Storage;

/// <summary>Settings of the embedded storage engine. Defaults suit one machine with a local disk.</summary>
public sealed record StorageOptions
{
    /// <summary>Root of all data: <c>wal/</c>, <c>traces/&lt;tenant&gt;/blocks/</c>, …</summary>
    public string DataDirectory { get; init; } = "./data";

    /// <summary>See <see cref="Wal.WalSyncMode"/> for what each mode can lose. Default: fsync every second.</summary>
    public WalSyncMode WalSyncMode { get; init; } = WalSyncMode.Interval;

    public TimeSpan WalSyncInterval { get; init; } = TimeSpan.FromSeconds(1);

    public long WalSegmentBytes { get; init; } = WalOptions.DefaultSegmentBytes;

    /// <summary>1M spans (roughly 300–500 MB in memory): a block big enough to compress well, cut every few seconds at full ingest.</summary>
    public long HeadMaxSpans { get; init; } = 1_000_000;

    /// <summary>
    /// 384 MiB of encoded batches. On the realistic workload a span is ~0.8 KB encoded and ~1.2 KB
    /// in memory, so a part is cut at ~480k spans (~0.6 GB), and the head, at most two parts
    /// (EmbeddedTraceStore.HeadBudgetParts), stays within ~1.2 GB. 256 MiB cut ~320k-span blocks:
    /// 30 blocks for 10M spans instead of 20, each with its own copy of the dictionary.
    /// </summary>
    public long HeadMaxBytes { get; init; } = 384L * 1024 * 1024;

    /// <summary>A quiet tenant's head is still cut this often, which bounds WAL size and replay time.</summary>
    public TimeSpan HeadMaxAge { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Blocks whose newest span started longer ago than this are deleted (<c>--retention</c>).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(14);

    public TimeSpan CompactionInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Blocks at least this big are not compacted further, and no compacted block exceeds it.</summary>
    public long CompactionMaxBlockBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>At most this many blocks are merged at once, which bounds a compaction's memory and duration.</summary>
    public int CompactionMaxInputBlocks { get; init; } = 8;

    /// <summary>
    /// At most this many spans are merged at once, which bounds the output block. A merge
    /// streams (<see cref="Traces.Blocks.TraceBlockMerger"/>): its memory is a decoded page per
    /// input plus the union of the inputs' dictionaries, not its spans, so this no longer guards
    /// memory. It bounds what one merge rewrites (its time under the maintenance lock, and the
    /// data written again at each level) and what one block costs to keep open (its index is
    /// read whole); 4M spans is 8 blocks cut at full load (~0.5M spans each), ~150-250 MB
    /// on disk, merged in ~11 s at ~100 MB peak RSS on 2 cores (FORMAT.md, "Merging").
    /// </summary>
    public long CompactionMaxInputSpans { get; init; } = 4_000_000;

    /// <summary>A compacted block spans at most this much start time, so retention can still drop old data in whole blocks.</summary>
    public TimeSpan CompactionMaxTimeSpan { get; init; } = TimeSpan.FromHours(2);

    /// <summary>False turns off the background cut, compaction and retention loops (tests drive them by hand).</summary>
    public bool RunBackgroundTasks { get; init; } = true;

    public ILogger Logger { get; init; } = NullLogger.Instance;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
