using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orrery.Storage.Logs.Blocks;
using Orrery.Storage.Wal;

namespace Orrery.Storage.Logs.Embedded;

/// <summary>Settings of the embedded log store. Defaults follow Loki's where it has one.</summary>
public sealed record LogStorageOptions
{
    /// <summary>Root of all data: the store uses <c>wal/logs/</c> and <c>logs/&lt;tenant&gt;/blocks/</c> under it.</summary>
    public string DataDirectory { get; init; } = "./data";

    /// <summary>See <see cref="Wal.WalSyncMode"/> for what each mode can lose.</summary>
    public WalSyncMode WalSyncMode { get; init; } = WalSyncMode.Interval;

    public TimeSpan WalSyncInterval { get; init; } = TimeSpan.FromSeconds(1);

    public long WalSegmentBytes { get; init; } = WalOptions.DefaultSegmentBytes;

    /// <summary>
    /// A line older than its stream's newest line by more than this is refused. 1 h, as Loki's
    /// default (half its <c>max_chunk_age</c>): late enough for batching clients and retries.
    /// </summary>
    public TimeSpan OutOfOrderWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Longer lines are refused. 256 KB, Loki's <c>max_line_size</c> default.</summary>
    public int MaxLineBytes { get; init; } = 256 * 1024;

    /// <summary>Streams with more labels are refused. 15, Loki's <c>max_label_names_per_series</c>.</summary>
    public int MaxLabelsPerStream { get; init; } = 15;

    /// <summary>
    /// The active head part is cut into a block once its lines and metadata reach this many bytes.
    /// 256 MiB holds ~800k typical lines (~0.4 GB in memory with the head's per-line arrays), a
    /// block that compresses well; at most two parts are held (backpressure), bounding the head.
    /// </summary>
    public long HeadMaxBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>A quiet tenant's head is still cut this often, which bounds WAL size and replay time.</summary>
    public TimeSpan HeadMaxAge { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Blocks whose newest line is older than this are deleted. 30 days.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(30);

    public TimeSpan CompactionInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Blocks at least this big are not compacted further, and no compacted block exceeds it.</summary>
    public long CompactionMaxBlockBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>At most this many blocks are merged at once, which bounds a compaction's duration.</summary>
    public int CompactionMaxInputBlocks { get; init; } = 8;

    /// <summary>A compacted block spans at most this much time, so retention still drops old data in whole blocks.</summary>
    public TimeSpan CompactionMaxTimeSpan { get; init; } = TimeSpan.FromHours(2);

    public LogBlockWriteOptions BlockFormat { get; init; } = LogBlockWriteOptions.Default;

    /// <summary>False turns off the background cut, compaction and retention loops (tests drive them by hand).</summary>
    public bool RunBackgroundTasks { get; init; } = true;

    public ILogger Logger { get; init; } = NullLogger.Instance;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Takes the directory, WAL, retention, logging and time settings shared with the other signals.</summary>
    public static LogStorageOptions From(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return new LogStorageOptions
        {
            DataDirectory = storage.DataDirectory,
            WalSyncMode = storage.WalSyncMode,
            WalSyncInterval = storage.WalSyncInterval,
            WalSegmentBytes = storage.WalSegmentBytes,
            RunBackgroundTasks = storage.RunBackgroundTasks,
            Logger = storage.Logger,
            TimeProvider = storage.TimeProvider,
        };
    }
}
