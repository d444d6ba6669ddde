using Orrery.Pipeline.Components;
using YamlDotNet.RepresentationModel;

namespace Orrery.Pipeline.Connectors.SpanMetrics;

/// <summary>One configured dimension: a span (then resource) attribute that becomes a label.</summary>
public sealed record SpanMetricsDimension(string Attribute, string Label, string? Default);

/// <summary>Settings of the <c>spanmetrics</c> connector, in the collector's shape.</summary>
public sealed record SpanMetricsSettings
{
    /// <summary>Tempo's metrics generator default: 2 ms doubling to 16.384 s (14 buckets).</summary>
    public static readonly double[] DefaultBuckets = Enumerable.Range(0, 14).Select(i => 0.002 * Math.Pow(2, i)).ToArray();

    public HistogramSettings Histogram { get; init; } = new(DefaultBuckets, null);

    public IReadOnlyList<SpanMetricsDimension> Dimensions { get; init; } = [];

    /// <summary>
    /// Series (label combinations) per tenant before further combinations fall into one overflow
    /// series. Each costs buckets + 3 Prometheus series; 5 000 of them with the default buckets are
    /// 85 000 series, what one TSDB head holds comfortably.
    /// </summary>
    public int MaxSeries { get; init; } = 5_000;

    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Series not updated for this long are dropped (with stale markers); Tempo's default is 15 minutes. Zero keeps them forever.</summary>
    public TimeSpan Expiration { get; init; } = TimeSpan.FromMinutes(15);

    public bool Exemplars { get; init; } = true;

    /// <summary>The tail sampler whose decisions exemplars follow (component id); null follows all of the config's samplers.</summary>
    public string? Sampler { get; init; }

    internal static readonly string[] Intrinsics = ["service", "span_name", "span_kind", "status_code", "le", "__name__"];

    public static SpanMetricsSettings Parse(ComponentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.RejectUnknownKeys("histogram", "dimensions", "dimensions_cache_size", "metrics_flush_interval", "metrics_expiration", "exemplars", "sampler", "aggregation_temporality", "namespace");
        var temporality = settings.GetString("aggregation_temporality", "AGGREGATION_TEMPORALITY_CUMULATIVE");
        if (temporality != "AGGREGATION_TEMPORALITY_CUMULATIVE")
            throw new PipelineConfigException($"{settings.Id}: only AGGREGATION_TEMPORALITY_CUMULATIVE is supported (Prometheus counters are cumulative)", settings.Line);
        var ns = settings.GetString("namespace", "traces_spanmetrics");
        if (ns != "traces_spanmetrics") throw new PipelineConfigException($"{settings.Id}: namespace must be traces_spanmetrics (the names Grafana's Tempo views query)", settings.Line);
        var max = settings.GetInt64("dimensions_cache_size", 5_000);
        if (max is <= 0 or > 1_000_000) throw new PipelineConfigException($"{settings.Id}: dimensions_cache_size must be between 1 and 1000000", settings.Line);
        var flush = settings.GetDuration("metrics_flush_interval", TimeSpan.FromSeconds(15));
        if (flush < TimeSpan.FromMilliseconds(100)) throw new PipelineConfigException($"{settings.Id}: metrics_flush_interval must be at least 100ms", settings.Line);
        var exemplars = settings.GetSection("exemplars");
        exemplars?.RejectUnknownKeys("enabled", "max_per_data_point");
        return new SpanMetricsSettings
        {
            Histogram = HistogramSettings.Parse(settings.GetSection("histogram"), DefaultBuckets),
            Dimensions = ParseDimensions(settings),
            MaxSeries = (int)max,
            FlushInterval = flush,
            Expiration = settings.GetDuration("metrics_expiration", TimeSpan.FromMinutes(15)),
            Exemplars = exemplars?.GetBool("enabled", true) ?? true,
            Sampler = settings.GetString("sampler"),
        };
    }

    /// <summary>Dimensions as the collector lists them (<c>{name, default}</c>) or as Tempo does (plain names).</summary>
    internal static IReadOnlyList<SpanMetricsDimension> ParseDimensions(ComponentSettings settings, string key = "dimensions", string[]? reserved = null)
    {
        reserved ??= Intrinsics;
        var node = settings.Get(key);
        if (node is null) return [];
        if (node is not YamlSequenceNode seq) throw ComponentSettings.Error(node, $"{settings.Id}: '{key}' must be a list");
        var result = new List<SpanMetricsDimension>();
        foreach (var item in seq.Children)
        {
            string name;
            string? fallback = null;
            if (item is YamlScalarNode s) name = s.Value ?? "";
            else if (item is YamlMappingNode m)
            {
                var d = new ComponentSettings($"{settings.Id}.{key}", m, (int)m.Start.Line);
                d.RejectUnknownKeys("name", "default");
                name = d.GetString("name") ?? "";
                fallback = d.GetString("default");
            }
            else throw ComponentSettings.Error(item, $"{settings.Id}: each dimension is a name or {{name, default}}");
            if (name.Length == 0) throw ComponentSettings.Error(item, $"{settings.Id}: a dimension needs a name");
            var label = MetricText.LabelName(name);
            if (reserved.Contains(label) || result.Any(r => r.Label == label))
                throw ComponentSettings.Error(item, $"{settings.Id}: dimension '{name}' would repeat the label '{label}'");
            result.Add(new SpanMetricsDimension(name, label, fallback));
        }
        return result;
    }
}
