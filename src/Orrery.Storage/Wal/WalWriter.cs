using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Orrery.Storage.Wal;

/// <summary>
/// The single owner of the open segment. Appenders queue requests; one loop drains whatever is
/// queued into one buffer, hands it to the OS with one <c>write()</c>, fsyncs once if the sync
/// mode asks for it, runs each record's callback in log order, then completes the appenders
/// (group commit). Because callbacks run on this loop in log order, a consumer that indexes
/// records from them sees them in exactly the order replay will.
/// </summary>
internal sealed class WalWriter : IAsyncDisposable
{
    /// <summary>8 MiB per group: enough to batch hundreds of typical OTLP exports into one write
    /// without holding early appenders back while a huge group is copied.</summary>
    private const int MaxGroupBytes = 8 * 1024 * 1024;

    private readonly string _directory;
    private readonly WalOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<Request> _queue = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Task _syncTimer;
    private FileStream _file;
    private int _segment;
    private long _segmentLength;
    private byte[] _buffer = new byte[64 * 1024];
    private long _lastSyncTimestamp = Stopwatch.GetTimestamp();
    private volatile bool _dirty;
    private bool _needsRotation;
    private long _writeCalls;
    private long _syncCalls;

    public WalWriter(string directory, int firstSegment, WalOptions options, ILogger logger)
    {
        _directory = directory;
        _options = options;
        _logger = logger;
        _segment = firstSegment;
        _file = OpenSegment(firstSegment);
        _loop = Task.Run(RunAsync);
        _syncTimer = options.SyncMode == WalSyncMode.Interval ? Task.Run(SyncPeriodicallyAsync) : Task.CompletedTask;
    }

    /// <summary>The segment being written. Records not yet written will land in it or a later one.</summary>
    public int CurrentSegment => Volatile.Read(ref _segment);

    /// <summary><c>write()</c> calls so far (tests check that concurrent appends share one).</summary>
    public long WriteCalls => Interlocked.Read(ref _writeCalls);

    /// <summary>fsync calls so far.</summary>
    public long SyncCalls => Interlocked.Read(ref _syncCalls);

    public Task<WalPosition> AppendAsync(byte type, ReadOnlyMemory<byte> payload, Action<WalPosition>? onWritten)
    {
        if (payload.Length > WalRecordHeader.MaxPayloadBytes) throw new ArgumentOutOfRangeException(nameof(payload), "WAL record payload is larger than 1 GiB");
        var request = new Request(type, payload, onWritten, syncOnly: false);
        if (!_queue.Writer.TryWrite(request)) throw new ObjectDisposedException(nameof(WriteAheadLog));
        return request.Done.Task;
    }

    /// <summary>Completes once everything queued before it is written and fsynced.</summary>
    public Task SyncAsync()
    {
        var request = new Request(0, default, null, syncOnly: true);
        if (!_queue.Writer.TryWrite(request)) return Task.CompletedTask;
        return request.Done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _syncTimer.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        try
        {
            _file.Flush(flushToDisk: true);
        }
        finally
        {
            await _file.DisposeAsync().ConfigureAwait(false);
            _stop.Dispose();
        }
    }

    private async Task RunAsync()
    {
        var group = new List<Request>();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            long bytes = 0;
            while (bytes < MaxGroupBytes && reader.TryRead(out var request))
            {
                group.Add(request);
                bytes += request.SyncOnly ? 0 : WalRecordHeader.Size + request.Payload.Length;
            }
            try
            {
                WriteGroup(group);
            }
            catch (Exception ex)
            {
                // The segment may now end in a partial record; continue in a fresh segment so
                // later records never follow the damage (replay reports it as a lost tail).
                _needsRotation = true;
                _logger.LogError(ex, "WAL write to segment {Segment} failed; {Count} appends fail", _segment, group.Count);
                foreach (var r in group) r.Done.TrySetException(ex);
                continue;
            }
            RunCallbacksAndComplete(group);
        }
    }

    private void WriteGroup(List<Request> group)
    {
        if (_needsRotation)
        {
            Rotate(afterFailure: true);
            _needsRotation = false;
        }
        var used = 0;
        var wroteRecords = false;
        var syncRequested = false;
        foreach (var r in group)
        {
            if (r.SyncOnly)
            {
                syncRequested = true;
                continue;
            }
            var size = WalRecordHeader.Size + r.Payload.Length;
            if (_segmentLength + used + size > _options.SegmentBytes && _segmentLength + used > 0)
            {
                WriteBuffer(used);
                used = 0;
                Rotate(afterFailure: false);
            }
            EnsureBuffer(used + size);
            WalRecordHeader.Write(_buffer.AsSpan(used), r.Type, r.Payload.Span);
            r.Position = new WalPosition(_segment, _segmentLength + used);
            used += size;
            wroteRecords = true;
        }
        WriteBuffer(used);

        var mode = _options.SyncMode;
        var intervalDue = mode == WalSyncMode.Interval && Stopwatch.GetElapsedTime(_lastSyncTimestamp) >= _options.SyncInterval;
        if (syncRequested || (wroteRecords && mode == WalSyncMode.Always) || (_dirty && intervalDue)) Sync();
    }

    private static void RunCallbacksAndComplete(List<Request> group)
    {
        foreach (var r in group)
        {
            if (r.SyncOnly || r.OnWritten is null) continue;
            try
            {
                r.OnWritten(r.Position);
            }
            catch (Exception ex)
            {
                r.Failure = ex;
            }
        }
        foreach (var r in group)
        {
            if (r.Failure is not null) r.Done.TrySetException(r.Failure);
            else r.Done.TrySetResult(r.Position);
        }
    }

    private void WriteBuffer(int used)
    {
        if (used == 0) return;
        _file.Write(_buffer, 0, used);
        Interlocked.Increment(ref _writeCalls);
        _segmentLength += used;
        _dirty = true;
    }

    private void Sync()
    {
        _file.Flush(flushToDisk: true);
        Interlocked.Increment(ref _syncCalls);
        _dirty = false;
        _lastSyncTimestamp = Stopwatch.GetTimestamp();
    }

    private void Rotate(bool afterFailure)
    {
        // A closed segment is always durable, whatever the sync mode. After a failed write the
        // old file may refuse even that; what it holds was never acknowledged past the failure.
        try
        {
            _file.Flush(flushToDisk: true);
            _file.Dispose();
        }
        catch (IOException) when (afterFailure)
        {
        }
        var next = _segment + 1;
        _file = OpenSegment(next);
        _segmentLength = 0;
        _dirty = false;
        Volatile.Write(ref _segment, next);
    }

    private FileStream OpenSegment(int segment) =>
        new(WalSegmentFiles.PathOf(_directory, segment), FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);

    private void EnsureBuffer(int size)
    {
        if (size <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(size, _buffer.Length * 2));
    }

    private async Task SyncPeriodicallyAsync()
    {
        using var timer = new PeriodicTimer(_options.SyncInterval);
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
        {
            if (_dirty && Stopwatch.GetElapsedTime(Volatile.Read(ref _lastSyncTimestamp)) >= _options.SyncInterval / 2) _ = SyncAsync();
        }
    }

    private sealed class Request(byte type, ReadOnlyMemory<byte> payload, Action<WalPosition>? onWritten, bool syncOnly)
    {
        public byte Type { get; } = type;
        public ReadOnlyMemory<byte> Payload { get; } = payload;
        public Action<WalPosition>? OnWritten { get; } = onWritten;
        public bool SyncOnly { get; } = syncOnly;
        public WalPosition Position { get; set; }
        public Exception? Failure { get; set; }
        public TaskCompletionSource<WalPosition> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
