using Orrery.Signals;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// WAL records the store reuses between batches, at most <paramref name="capacity"/> (about the
/// writers in flight). A record grown past <paramref name="maxBytes"/> is not kept: the batches
/// that define many new series at once (a first scrape, a first remote write round: ~150 B a
/// definition) grow records to hundreds of kilobytes, where a steady batch of known series needs
/// ~11 B a sample, and a kept record would hold that size for the life of the process.
/// </summary>
internal sealed class MetricRecordPool(int capacity, int maxBytes) : BoundedPool<MetricBatchRecord>(capacity)
{
    /// <remarks>Nothing to clear: <see cref="MetricBatchRecord.Begin"/> starts every use afresh.</remarks>
    protected override bool Reset(MetricBatchRecord item) => item.Capacity <= maxBytes;
}
