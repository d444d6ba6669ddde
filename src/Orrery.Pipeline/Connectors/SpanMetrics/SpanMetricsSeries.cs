using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Connectors.SpanMetrics;

/// <summary>The cumulative state of one label combination (service, span name, kind, status, dimensions).</summary>
internal sealed class SpanMetricsSeries(string service, string spanName, SpanKind kind, StatusCode status, string?[] dimensions, bool overflow)
{
    public string Service { get; } = service;
    public string SpanName { get; } = spanName;
    public SpanKind Kind { get; } = kind;
    public StatusCode Status { get; } = status;
    public string?[] Dimensions { get; } = dimensions;
    /// <summary>The one series of a tenant that takes every span once <c>dimensions_cache_size</c> is reached.</summary>
    public bool Overflow { get; } = overflow;

    public long Calls { get; set; }
    public ExplicitHistogram? Classic { get; init; }
    public ExponentialHistogram? Native { get; init; }
    public long LastUpdateMs { get; set; }
    public bool Flushed { get; set; }

    /// <summary>Label values as Tempo's metrics generator writes them.</summary>
    public static string KindLabel(SpanKind kind) => kind switch
    {
        SpanKind.Internal => "SPAN_KIND_INTERNAL",
        SpanKind.Server => "SPAN_KIND_SERVER",
        SpanKind.Client => "SPAN_KIND_CLIENT",
        SpanKind.Producer => "SPAN_KIND_PRODUCER",
        SpanKind.Consumer => "SPAN_KIND_CONSUMER",
        _ => "SPAN_KIND_UNSPECIFIED",
    };

    public static string StatusLabel(StatusCode status) => status switch
    {
        StatusCode.Ok => "STATUS_CODE_OK",
        StatusCode.Error => "STATUS_CODE_ERROR",
        _ => "STATUS_CODE_UNSET",
    };
}
