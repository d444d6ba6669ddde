namespace Orrery.Signals.Metrics;

/// <summary>A metric family's type, as Prometheus metadata and OpenMetrics name them.</summary>
public enum MetricType : byte
{
    Unknown,
    Counter,
    Gauge,
    Histogram,
    GaugeHistogram,
    Summary,
    Info,
    StateSet,
}
