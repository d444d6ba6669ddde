using System.Diagnostics.Metrics;
using Orrery.Storage.Traces;

namespace Orrery.Hosting;

/// <summary>Storage sizes as gauges, read from <see cref="ITraceStore.GetStats"/> at scrape time.</summary>
internal sealed class StoreMetrics : IDisposable
{
    private readonly Meter _meter = new("Orrery.Storage");

    public StoreMetrics(ITraceStore store)
    {
        _meter.CreateObservableGauge("orrery_wal_bytes", () => store.GetStats().WalBytes, "bytes", "Bytes in write-ahead log segments.");
        _meter.CreateObservableGauge("orrery_block_bytes", () => store.GetStats().BlockBytes, "bytes", "Bytes in trace blocks on disk.");
        _meter.CreateObservableGauge("orrery_blocks", () => (long)store.GetStats().BlockCount, "blocks", "Trace blocks on disk.");
        _meter.CreateObservableGauge("orrery_head_spans", () => store.GetStats().HeadSpans, "spans", "Spans in the in-memory head, not yet in a block.");
        _meter.CreateObservableGauge("orrery_block_spans", () => store.GetStats().BlockSpans, "spans", "Spans in trace blocks.");
    }

    public void Dispose() => _meter.Dispose();
}
