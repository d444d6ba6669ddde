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

    /// <summary>Every setting a config file may hold (all but <c>config</c> itself).</summary>
    public static readonly IReadOnlyList<string> FileKeys =
        [Data, Http, OtlpGrpc, OtlpHttp, Retention, MultiTenant, MaxRequestBytes, WalFsync, LogFormat, MetricsOooWindow];

    /// <summary>
    /// Nested sections a config file may hold beside the flat settings, in the shape of the tool
    /// users already know: <c>global</c> and <c>scrape_configs</c> as in prometheus.yml.
    /// </summary>
    public static readonly IReadOnlyList<string> SectionKeys = ["global", "scrape_configs"];

    public static string EnvironmentVariable(string name) => "ORRERY_" + name.ToUpperInvariant().Replace('-', '_');
}
