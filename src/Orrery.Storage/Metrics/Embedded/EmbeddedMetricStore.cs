using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orrery.Signals.Metrics;
using Orrery.Storage.Embedded;
using Orrery.Storage.Wal;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// The embedded metrics TSDB (Prometheus's design): each batch is applied to the tenant's
/// in-memory head and logged to the WAL before it is acknowledged; the head is cut into 2-hour
/// blocks, which are compacted into larger ones and deleted after the retention period.
/// Layout under <see cref="StorageOptions.DataDirectory"/>: <c>wal/metrics/</c> (segments and
/// the head checkpoint), <c>metrics/&lt;tenant&gt;/blocks/</c> and <c>metrics/&lt;tenant&gt;/chunks_head/</c>
/// (closed head chunks, rebuilt at each start). Formats in README.md.
/// </summary>
public sealed partial class EmbeddedMetricStore : IMetricStore
{
    private readonly StorageOptions _storage;
    private readonly MetricStorageOptions _options;
    private readonly ILogger _logger;
    private readonly string _metricsDirectory;
    private readonly string _walDirectory;
    private readonly ConcurrentDictionary<string, TenantHead> _tenants = new(StringComparer.Ordinal);
    private readonly MetricRecordPool _records = new(capacity: 8, maxBytes: 256 << 10);
    private readonly MetricStoreInstruments _instruments;
    private readonly StoreLifecycle _lifecycle;
    private readonly StoreMaintenance _maintenance;
    private WriteAheadLog? _wal;

    public EmbeddedMetricStore(StorageOptions storage, MetricStorageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
        _options = options ?? new MetricStorageOptions();
        _logger = storage.Logger;
        _metricsDirectory = Path.Combine(storage.DataDirectory, "metrics");
        _walDirectory = Path.Combine(storage.DataDirectory, "wal", "metrics");
        _instruments = new MetricStoreInstruments(() => _tenants.Values.Sum(t => (long)t.SeriesCount));
        _lifecycle = new StoreLifecycle(this, "metric store");
        _maintenance = CreateMaintenance();
    }

    public bool IsReady => _lifecycle.IsReady;

    public MetricStorageOptions Options => _options;

    public Task StartAsync(CancellationToken cancellationToken = default) => _lifecycle.StartAsync(Start, cancellationToken);

    public async ValueTask<MetricWriteResult> ConsumeAsync(string tenant, MetricBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        StoreLifecycle.ValidateTenant(tenant);
        await _lifecycle.WaitReadyAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (batch.Series.Count == 0 && batch.Metadata.Count == 0) return new MetricWriteResult(0, 0, 0, null) { BatchReleased = true };

        var head = GetOrAddTenant(tenant);
        var record = _records.TryRent(out var r) ? r : new MetricBatchRecord();
        var rejections = new WriteRejections();
        var defined = new List<HeadSeries>();
        int accepted;
        Task written;
        lock (head.AppendLock)
        {
            accepted = head.Append(batch, record, rejections, defined);
            // Enqueued under the lock: the WAL holds batches in the order they were applied, so
            // replay makes the same out-of-order and duplicate decisions.
            written = record.Items == 0 ? Task.CompletedTask : _wal!.AppendAsync(MetricBatchRecord.RecordType, record.Written);
        }
        try
        {
            await written.ConfigureAwait(false);
        }
        finally
        {
            _records.Return(record);
        }
        foreach (var s in defined) s.Logged = true;
        if (ShouldCut(head)) _maintenance.RequestCut();
        // The head interned the labels and copied samples, exemplars and metadata; the WAL
        // record has its own bytes: nothing refers to the batch any more.
        return rejections.ToResult(accepted) with { BatchReleased = true };
    }

    public async ValueTask DisposeAsync()
    {
        if (await _lifecycle.BeginDisposeAsync(_logger).ConfigureAwait(false)) await ShutDownAsync().ConfigureAwait(false);
        // Disposing the meter again on a second dispose is harmless.
        _instruments.Dispose();
    }

    /// <summary>Stops maintenance, writes a last checkpoint and closes the WAL, blocks and head chunk files.</summary>
    private async Task ShutDownAsync()
    {
        await _maintenance.StopLoopsAsync().ConfigureAwait(false);
        await _wal!.SyncAsync().ConfigureAwait(false);
        // A checkpoint on shutdown leaves the WAL nearly empty, so the next start reads chunks
        // instead of replaying every sample.
        await _maintenance.RunOnShutdownAsync(WriteCheckpoint, "write the metrics head checkpoint").ConfigureAwait(false);
        await _wal.DisposeAsync().ConfigureAwait(false);
        foreach (var head in _tenants.Values)
        {
            head.Blocks.CloseAll();
            head.ChunkFiles.Dispose();
        }
    }

    private TenantHead GetOrAddTenant(string tenant) =>
        _tenants.GetOrAdd(tenant, t => new TenantHead(t, Path.Combine(_metricsDirectory, t), _options, _instruments));
}
