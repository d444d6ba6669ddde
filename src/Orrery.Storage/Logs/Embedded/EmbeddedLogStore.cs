using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orrery.Signals.Logs;
using Orrery.Storage.Embedded;
using Orrery.Storage.Encodings;
using Orrery.Storage.Wal;

namespace Orrery.Storage.Logs.Embedded;

/// <summary>
/// The embedded log store, in Loki's model: each batch is validated line by line, its accepted
/// lines go to the WAL and then into the tenant's in-memory head (queryable at once); a
/// background task cuts heads into blocks of compressed per-stream chunks, compacts small
/// blocks and applies retention. Layout under <see cref="LogStorageOptions.DataDirectory"/>:
/// <c>wal/logs/</c> (segments and the checkpoint) and <c>logs/&lt;tenant&gt;/blocks/</c>.
/// </summary>
public sealed partial class EmbeddedLogStore : ILogStore
{
    /// <summary>
    /// A tenant's head may hold this many parts' worth of bytes before appends wait: one part
    /// being written to a block while the next fills. As for traces, waiting is the bounded
    /// answer when block writing is slower than ingest; acknowledged data is safe in the WAL.
    /// </summary>
    private const int HeadBudgetParts = 2;

    private readonly LogStorageOptions _options;
    private readonly ILogger _logger;
    private readonly string _logsDirectory;
    private readonly string _walDirectory;
    private readonly ConcurrentDictionary<string, TenantLogs> _tenants = new(StringComparer.Ordinal);
    private readonly StoreLifecycle _lifecycle;
    private readonly StoreMaintenance _maintenance;
    private WriteAheadLog? _wal;
    private WalCheckpoint? _checkpoint;

    public EmbeddedLogStore(LogStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = options.Logger;
        _logsDirectory = Path.Combine(options.DataDirectory, "logs");
        _walDirectory = Path.Combine(options.DataDirectory, "wal", "logs");
        _lifecycle = new StoreLifecycle(this, "log store");
        _maintenance = new StoreMaintenance("log", _logger, _lifecycle, CutHeads, () => _tenants.Values.Sum(Compact), ApplyRetention);
    }

    public bool IsReady => _lifecycle.IsReady;

    public Task StartAsync(CancellationToken cancellationToken = default) => _lifecycle.StartAsync(Start, cancellationToken);

    public async ValueTask<LogWriteResult> ConsumeAsync(string tenant, LogBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        StoreLifecycle.ValidateTenant(tenant);
        await _lifecycle.WaitReadyAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (batch.Count == 0) return new LogWriteResult(0, 0, null);

        var logs = GetOrAddTenant(tenant);
        await WaitForHeadRoomAsync(logs, cancellationToken).ConfigureAwait(false);

        var streams = new LogStream?[batch.Streams.Count];
        var accepted = ArrayPool<bool>.Shared.Rent(batch.Count);
        try
        {
            var result = LogBatchValidator.Validate(batch, logs.Streams, _options, streams, accepted);
            if (result.AcceptedLines == 0) return result;
            var buffer = RentRecordBuffer();
            try
            {
                LogBatchRecord.Encode(tenant, batch, accepted.AsSpan(0, batch.Count), buffer);
                LogHeadPart? part = null;
                // The head append runs on the WAL's writer loop, in log order, which keeps a
                // tenant's checkpoint a single position (as for traces).
                await _wal!.AppendAsync(LogBatchRecord.RecordType, buffer.WrittenMemory,
                    pos => part = logs.Append(batch, streams, accepted.AsSpan(0, batch.Count), pos)).ConfigureAwait(false);
                if (part!.Bytes >= _options.HeadMaxBytes) _maintenance.RequestCut();
            }
            finally
            {
                ReturnRecordBuffer(buffer);
            }
            return result;
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(accepted);
        }
    }

    /// <summary>Sizes for tests and the benchmark: WAL bytes, blocks, block bytes, lines in blocks and in the head.</summary>
    public LogStoreStats GetStats()
    {
        long blockBytes = 0, blockLines = 0, blockRawBytes = 0, headLines = 0, headBytes = 0;
        var blocks = 0;
        foreach (var logs in _tenants.Values)
        {
            var (handles, parts) = logs.AcquireView();
            foreach (var b in handles)
            {
                blockBytes += b.Meta.SizeBytes;
                blockLines += b.Meta.Lines;
                blockRawBytes += b.Meta.RawBytes;
                blocks++;
                b.Release();
            }
            lock (logs.Sync)
            {
                foreach (var p in parts)
                {
                    headLines += p.Lines;
                    headBytes += p.Bytes;
                }
            }
        }
        return new LogStoreStats(_wal?.SizeBytes() ?? 0, blocks, blockBytes, blockRawBytes, blockLines, headLines, headBytes);
    }

    public async ValueTask DisposeAsync()
    {
        if (!await _lifecycle.BeginDisposeAsync(_logger).ConfigureAwait(false)) return;
        await _maintenance.StopAsync().ConfigureAwait(false);
        await _wal!.SyncAsync().ConfigureAwait(false);
        await _wal.DisposeAsync().ConfigureAwait(false);
        foreach (var logs in _tenants.Values) logs.Blocks.CloseAll();
    }

    /// <summary>Waits while the tenant's head is over budget, i.e. until a cut completes.</summary>
    private async ValueTask WaitForHeadRoomAsync(TenantLogs logs, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Take the signal before checking, so a cut completing in between is not missed.
            var cutDone = logs.CutDone;
            if (logs.HeadBytes < _options.HeadMaxBytes * HeadBudgetParts) return;
            _maintenance.RequestCut();
            await cutDone.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private readonly ConcurrentBag<ByteBuffer> _recordBuffers = [];

    /// <summary>WAL payload buffers are reused: the WAL copies the payload before acknowledging.</summary>
    private ByteBuffer RentRecordBuffer()
    {
        if (!_recordBuffers.TryTake(out var buffer)) buffer = new ByteBuffer(64 * 1024);
        buffer.Clear();
        return buffer;
    }

    private void ReturnRecordBuffer(ByteBuffer buffer)
    {
        // Keep a few, and not the huge ones a rare giant batch grew.
        if (buffer.Length <= 8 * 1024 * 1024 && _recordBuffers.Count < 8) _recordBuffers.Add(buffer);
    }

    private TenantLogs GetOrAddTenant(string tenant) =>
        _tenants.GetOrAdd(tenant, t => new TenantLogs(t, BlocksDirectoryOf(t), _options.TimeProvider));

    private string BlocksDirectoryOf(string tenant) => Path.Combine(_logsDirectory, tenant, "blocks");
}

/// <summary>Sizes of the embedded log store; raw bytes are lines and metadata before compression.</summary>
public readonly record struct LogStoreStats(long WalBytes, int Blocks, long BlockBytes, long BlockRawBytes, long BlockLines, long HeadLines, long HeadBytes);
