using Orrery.Signals;

namespace Orrery.Receive.Otlp.Metrics;

/// <summary>
/// Decoded export requests the service reuses once translated: a reused one keeps the capacity
/// of its tables and arena, so a steady exporter's requests decode without allocating. One whose
/// arena outgrew <paramref name="maxArenaBytes"/> is not kept (see <see cref="Signals.Metrics.MetricBatchPool"/>).
/// </summary>
internal sealed class OtlpMetricsDataPool(int capacity, int maxArenaBytes) : BoundedPool<OtlpMetricsData>(capacity)
{
    protected override bool Reset(OtlpMetricsData item)
    {
        if (item.Bytes.Capacity > maxArenaBytes) return false;
        item.Clear();
        return true;
    }
}
