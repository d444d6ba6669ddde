using Microsoft.Extensions.Logging;

namespace Orrery.Storage.Wal;

/// <summary>
/// A signal-agnostic write-ahead log: a directory of numbered, append-only segment files
/// holding framed, checksummed records (FORMAT.md). Lifecycle: <see cref="Open"/>, then
/// <see cref="Replay"/> once (repairs a torn tail), then <see cref="Start"/>, which always begins
/// a new segment, then appends. Consumers decide what a checkpoint is: they call
/// <see cref="DeleteSegmentsBefore"/> once every record of the older segments is stored elsewhere.
/// </summary>
public sealed class WriteAheadLog : IAsyncDisposable
{
    private readonly string _directory;
    private readonly WalOptions _options;
    private readonly ILogger _logger;
    private WalWriter? _writer;
    private int _lastReplayedSegment;

    private WriteAheadLog(string directory, WalOptions options, ILogger logger)
    {
        _directory = directory;
        _options = options;
        _logger = logger;
    }

    public string Directory => _directory;

    public static WriteAheadLog Open(string directory, WalOptions options, ILogger logger)
    {
        System.IO.Directory.CreateDirectory(directory);
        var wal = new WriteAheadLog(directory, options, logger);
        var segments = WalSegmentFiles.List(directory);
        wal._lastReplayedSegment = segments.Count == 0 ? 0 : segments[^1];
        return wal;
    }

    /// <summary>
    /// Calls <paramref name="onRecord"/> for every valid record, oldest first. Never throws for
    /// damaged data: damage is logged and returned as <see cref="WalReplayResult.Losses"/>.
    /// Must be called before <see cref="Start"/>.
    /// </summary>
    public WalReplayResult Replay(Action<WalRecord> onRecord)
    {
        if (_writer is not null) throw new InvalidOperationException("WAL replay must happen before Start");
        var result = WalReader.Replay(_directory, _logger, onRecord);
        _lastReplayedSegment = result.LastSegment;
        return result;
    }

    /// <summary>
    /// Opens a new segment after every existing one (and at least <paramref name="minimumSegment"/>,
    /// so numbering never goes back below what a consumer's checkpoint has seen) and starts
    /// accepting appends.
    /// </summary>
    public void Start(int minimumSegment = 1)
    {
        if (_writer is not null) throw new InvalidOperationException("WAL already started");
        var first = Math.Max(minimumSegment, _lastReplayedSegment + 1);
        _writer = new WalWriter(_directory, first, _options, _logger);
    }

    /// <summary>The segment being written; every record not yet written lands in it or a later one.</summary>
    public int CurrentSegment => Writer.CurrentSegment;

    /// <summary>
    /// Appends one record. Completes once it is written per the sync mode (see
    /// <see cref="WalSyncMode"/>). <paramref name="onWritten"/> runs before completion on the
    /// writer loop, in log order; it must be quick and must not append. The payload is copied
    /// before the task completes; the caller may reuse it afterwards.
    /// </summary>
    public Task<WalPosition> AppendAsync(byte type, ReadOnlyMemory<byte> payload, Action<WalPosition>? onWritten = null) =>
        Writer.AppendAsync(type, payload, onWritten);

    internal long WriteCalls => Writer.WriteCalls;

    internal long SyncCalls => Writer.SyncCalls;

    /// <summary>Writes and fsyncs everything appended so far.</summary>
    public Task SyncAsync() => Writer.SyncAsync();

    /// <summary>Deletes closed segments numbered below <paramref name="segment"/>; never the current one.</summary>
    public int DeleteSegmentsBefore(int segment)
    {
        var limit = Math.Min(segment, Writer.CurrentSegment);
        var deleted = 0;
        foreach (var s in WalSegmentFiles.List(_directory))
        {
            if (s >= limit) break;
            try
            {
                File.Delete(WalSegmentFiles.PathOf(_directory, s));
                deleted++;
            }
            catch (IOException ex)
            {
                _logger.LogWarning(ex, "cannot delete WAL segment {Segment}", s);
            }
        }
        return deleted;
    }

    /// <summary>Bytes in all segment files.</summary>
    public long SizeBytes()
    {
        long total = 0;
        foreach (var s in WalSegmentFiles.List(_directory))
        {
            try
            {
                total += new FileInfo(WalSegmentFiles.PathOf(_directory, s)).Length;
            }
            catch (IOException)
            {
                // Deleted by a checkpoint while we listed.
            }
        }
        return total;
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null) await _writer.DisposeAsync().ConfigureAwait(false);
    }

    private WalWriter Writer => _writer ?? throw new InvalidOperationException("WAL not started");
}
