using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orrery.Signals.Traces;
using Orrery.Storage.Embedded;
using Orrery.Storage.Wal;

namespace Orrery.Storage.Traces.Embedded;

/// <summary>
/// The embedded trace store: every batch goes to the WAL, then into the tenant's in-memory head
/// (queryable at once); a background task cuts heads into blocks, compacts small blocks and
/// applies retention. Layout under <see cref="StorageOptions.DataDirectory"/>:
/// <c>wal/traces/</c> (segments and the checkpoint) and <c>traces/&lt;tenant&gt;/blocks/</c>.
/// </summary>
public sealed partial class EmbeddedTraceStore : ITraceStore
{
    private readonly StorageOptions _options;
    private readonly ILogger _logger;
    private readonly string _tracesDirectory;
    private readonly string _walDirectory;
    private readonly ConcurrentDictionary<string, TenantTraces> _tenants = new(StringComparer.Ordinal);
    private readonly StoreLifecycle _lifecycle;
    private readonly StoreMaintenance _maintenance;
    private WriteAheadLog? _wal;
    private WalCheckpoint? _checkpoint;

    public EmbeddedTraceStore(StorageOptions options)
    {
        _options = options;
        _logger = options.Logger;
        _tracesDirectory = Path.Combine(options.DataDirectory, "traces");
        _walDirectory = Path.Combine(options.DataDirectory, "wal", "traces");
        _lifecycle = new StoreLifecycle(this, "trace store");
        _maintenance = new StoreMaintenance("trace", _logger, _lifecycle, CutHeads, () => _tenants.Values.Sum(Compact), ApplyRetention);
    }

    public bool IsReady => _lifecycle.IsReady;

    public Task StartAsync(CancellationToken cancellationToken = default) => _lifecycle.StartAsync(Start, cancellationToken);

    public async ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
    {
        StoreLifecycle.ValidateTenant(tenant);
        await _lifecycle.WaitReadyAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (batch.Count == 0) return;

        var traces = GetOrAddTenant(tenant);
        await WaitForHeadRoomAsync(traces, cancellationToken).ConfigureAwait(false);
        var size = SpanBatchRecord.GetEncodedLength(tenant, batch);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        TraceHeadPart? part = null;
        try
        {
            SpanBatchRecord.Encode(tenant, batch, buffer);
            // The head append runs on the WAL's writer loop, in log order: that order is what
            // makes a tenant's checkpoint a single position (see TenantTraces.Append).
            await _wal!.AppendAsync(SpanBatchRecord.RecordType, buffer.AsMemory(0, size), pos => part = traces.Append(batch, pos, size))
                .ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        // Tag sets need no ordering, so they are filled here, off the writer loop.
        part!.Tags.Add(batch);
        if (part.SpanCount >= _options.HeadMaxSpans || part.PayloadBytes >= _options.HeadMaxBytes) _maintenance.RequestCut();
    }

    public TraceStoreStats GetStats()
    {
        long blockBytes = 0, headSpans = 0, blockSpans = 0;
        var blockCount = 0;
        foreach (var traces in _tenants.Values)
        {
            using var view = traces.AcquireView();
            foreach (var b in view.Blocks)
            {
                blockBytes += b.Meta.SizeBytes;
                blockSpans += b.Meta.SpanCount;
                blockCount++;
            }
            foreach (var p in view.Parts) headSpans += p.SpanCount;
        }
        return new TraceStoreStats(_wal?.SizeBytes() ?? 0, blockBytes, blockCount, headSpans, blockSpans);
    }

    public async ValueTask DisposeAsync()
    {
        if (!await _lifecycle.BeginDisposeAsync(_logger).ConfigureAwait(false)) return;
        await _maintenance.StopAsync().ConfigureAwait(false);
        await _wal!.SyncAsync().ConfigureAwait(false);
        await _wal.DisposeAsync().ConfigureAwait(false);
        foreach (var traces in _tenants.Values) traces.Blocks.CloseAll();
    }

    private TenantTraces GetOrAddTenant(string tenant) =>
        _tenants.GetOrAdd(tenant, t => new TenantTraces(t, BlocksDirectoryOf(t), [], _options.TimeProvider));

    private string BlocksDirectoryOf(string tenant) => Path.Combine(_tracesDirectory, tenant, "blocks");
}
