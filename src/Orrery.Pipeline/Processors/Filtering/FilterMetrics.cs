using System.Diagnostics.Metrics;

namespace Orrery.Pipeline.Processors.Filtering;

/// <summary>How many rows a filter dropped, by processor id and what was dropped (span, span_event, sample, log_record).</summary>
internal sealed class FilterMetrics(Meter meter, string processorId)
{
    private readonly Counter<long> _dropped = meter.CreateCounter<long>("orrery_processor_filter_dropped", "items", "Items dropped by filter processors.");
    private readonly KeyValuePair<string, object?> _processor = new("processor", processorId);

    public void Dropped(string what, long count)
    {
        if (count > 0) _dropped.Add(count, _processor, new KeyValuePair<string, object?>("item", what));
    }
}
