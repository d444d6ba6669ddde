using Orrery.Storage.Metrics.Embedded;
using Orrery.Storage.Wal;

namespace Orrery.Configuration;

/// <summary>Everything <c>orrery serve</c> needs, after flags, environment and config file were merged.</summary>
internal sealed record ServeSettings
{
    public string DataDirectory { get; init; } = "./data";

    public ListenAddress Http { get; init; } = new("127.0.0.1", 3200);

    public ListenAddress OtlpGrpc { get; init; } = new("127.0.0.1", 4317);

    public ListenAddress OtlpHttp { get; init; } = new("127.0.0.1", 4318);

    /// <summary>Null: the storage engine's default.</summary>
    public TimeSpan? Retention { get; init; }

    public bool MultiTenant { get; init; }

    public long MaxRequestBytes { get; init; } = Receive.Otlp.OtlpReceiveOptions.DefaultMaxRequestBytes;

    /// <summary>Null: the storage engine's default.</summary>
    public WalSyncMode? WalFsync { get; init; }

    public LogFormat LogFormat { get; init; } = LogFormat.Json;

    /// <summary>How late a pushed metric sample may arrive. Null: the TSDB's default (10m).</summary>
    public TimeSpan? MetricsOooWindow { get; init; }

    /// <summary>How far back PromQL's instant selectors look for a sample (Prometheus's <c>--query.lookback-delta</c>).</summary>
    public TimeSpan QueryLookbackDelta { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Active series a tenant may hold (Mimir's <c>max_global_series_per_user</c>); 0 = unlimited, null: the TSDB's default (1M).</summary>
    public int? MetricsMaxSeries { get; init; }

    /// <summary>Series one metric name may have per tenant (Mimir's <c>max_global_series_per_metric</c>); 0 = unlimited, null: the TSDB's default (100k).</summary>
    public int? MetricsMaxSeriesPerMetric { get; init; }

    /// <summary>The TSDB's cardinality limits with the series limits given here applied (0 lifts a limit).</summary>
    public CardinalityLimits MetricLimits(CardinalityLimits defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        static int Limit(int value) => value == 0 ? int.MaxValue : value;
        var limits = defaults;
        if (MetricsMaxSeries is { } series) limits = limits with { MaxActiveSeries = Limit(series) };
        if (MetricsMaxSeriesPerMetric is { } perMetric) limits = limits with { MaxSeriesPerMetric = Limit(perMetric) };
        return limits;
    }

    /// <summary>The config file, when one was given: its sections (e.g. scrape_configs) are read by their owners.</summary>
    public string? ConfigPath { get; init; }
}
