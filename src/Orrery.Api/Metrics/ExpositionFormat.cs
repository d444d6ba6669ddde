namespace Orrery.Api.Metrics;

/// <summary>The two formats Orrery's /metrics speaks.</summary>
public enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4: no exemplars, no units, no <c># EOF</c>.</summary>
    Text,

    /// <summary>OpenMetrics 1.0: units, exemplars on histogram buckets, <c># EOF</c>.</summary>
    OpenMetrics,
}
