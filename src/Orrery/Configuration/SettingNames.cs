namespace Orrery.Configuration;

/// <summary>
/// The names of the serve settings: the flag is <c>--name</c>, the config-file key is
/// <c>name</c>, the environment variable is <c>ORRERY_NAME</c> (dashes become underscores).
/// </summary>
internal static class SettingNames
{
    public const string Data = "data";
    public const string Http = "http";
    public const string OtlpGrpc = "otlp-grpc";
    public const string OtlpHttp = "otlp-http";
    public const string Config = "config";
    public const string Retention = "retention";
    public const string MultiTenant = "multi-tenant";
    public const string MaxRequestBytes = "max-request-bytes";
    public const string WalFsync = "wal-fsync";
    public const string LogFormat = "log-format";
    public const string MetricsOooWindow = "metrics-ooo-window";
    public const string QueryLookbackDelta = "query-lookback-delta";
    public const string MetricsMaxSeries = "metrics-max-series";
    public const string MetricsMaxSeriesPerMetric = "metrics-max-series-per-metric";

    /// <summary>Every setting a config file may hold (all but <c>config</c> itself).</summary>
    public static readonly IReadOnlyList<string> FileKeys =
        [Data, Http, OtlpGrpc, OtlpHttp, Retention, MultiTenant, MaxRequestBytes, WalFsync, LogFormat, MetricsOooWindow, QueryLookbackDelta,
         MetricsMaxSeries, MetricsMaxSeriesPerMetric];

    /// <summary>The sections prometheus.yml users know, read by the scrape manager.</summary>
    public static readonly IReadOnlyList<string> ScrapeSectionKeys = ["global", "scrape_configs"];

    /// <summary>The OpenTelemetry Collector's sections, which configure the pipeline.</summary>
    public static readonly IReadOnlyList<string> PipelineSectionKeys = ["receivers", "processors", "exporters", "connectors", "service"];

    /// <summary>
    /// Every nested section a config file may hold beside the flat settings, in the shape of the
    /// tools users already know. Declared after its parts: static fields initialise in textual order.
    /// </summary>
    public static readonly IReadOnlyList<string> SectionKeys = [.. ScrapeSectionKeys, .. PipelineSectionKeys];

    public static string EnvironmentVariable(string name) => "ORRERY_" + name.ToUpperInvariant().Replace('-', '_');
}
