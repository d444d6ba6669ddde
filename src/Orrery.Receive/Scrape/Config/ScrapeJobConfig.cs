using Orrery.Receive.Scrape.Exposition;
using Orrery.Receive.Scrape.Relabel;
using YamlDotNet.RepresentationModel;

namespace Orrery.Receive.Scrape.Config;

/// <summary>One entry of <c>scrape_configs</c>: a job and how to find and scrape its targets.</summary>
public sealed record ScrapeJobConfig
{
    public required string JobName { get; init; }
    public TimeSpan ScrapeInterval { get; init; } = GlobalScrapeConfig.DefaultInterval;
    public TimeSpan ScrapeTimeout { get; init; } = GlobalScrapeConfig.DefaultTimeout;
    public string MetricsPath { get; init; } = "/metrics";
    public string Scheme { get; init; } = "http";
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Params { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public bool HonorLabels { get; init; }
    public bool HonorTimestamps { get; init; } = true;
    public IReadOnlyList<TargetGroup> StaticConfigs { get; init; } = [];
    public IReadOnlyList<FileSdConfig> FileSdConfigs { get; init; } = [];
    public IReadOnlyList<RelabelConfig> RelabelConfigs { get; init; } = [];
    public IReadOnlyList<RelabelConfig> MetricRelabelConfigs { get; init; } = [];

    private static readonly string[] Known =
    [
        "job_name", "scrape_interval", "scrape_timeout", "metrics_path", "scheme", "params", "honor_labels",
        "honor_timestamps", "static_configs", "file_sd_configs", "relabel_configs", "metric_relabel_configs",
    ];

    // Prometheus fields a copied configuration may carry; named so the error says why.
    private static readonly string[] Unsupported =
    [
        "basic_auth", "authorization", "oauth2", "bearer_token", "bearer_token_file", "tls_config", "proxy_url",
        "follow_redirects", "enable_http2", "sample_limit", "label_limit", "label_name_length_limit",
        "label_value_length_limit", "target_limit", "body_size_limit", "scrape_classic_histograms", "native_histogram_bucket_limit",
        "kubernetes_sd_configs", "consul_sd_configs", "dns_sd_configs", "ec2_sd_configs", "http_sd_configs",
        "docker_sd_configs", "dockerswarm_sd_configs", "gce_sd_configs", "azure_sd_configs", "openstack_sd_configs",
    ];

    internal static ScrapeJobConfig FromYaml(YamlNode node, string path, GlobalScrapeConfig global, string? baseDirectory)
    {
        var f = new YamlFields(node, path);
        f.RejectUnknown(Known, Unsupported);
        var jobName = f.String("job_name");
        if (string.IsNullOrEmpty(jobName)) throw new ScrapeConfigException(f.FieldPath("job_name"), "job_name is empty");

        var interval = f.Duration("scrape_interval") ?? global.ScrapeInterval;
        if (interval <= TimeSpan.Zero) throw new ScrapeConfigException(f.FieldPath("scrape_interval"), "must be greater than 0");
        // Prometheus: an unset timeout is the global one, capped by this job's interval.
        var timeout = f.Duration("scrape_timeout") ?? (global.ScrapeTimeout > interval ? interval : global.ScrapeTimeout);
        if (timeout <= TimeSpan.Zero) throw new ScrapeConfigException(f.FieldPath("scrape_timeout"), "must be greater than 0");
        if (timeout > interval)
            throw new ScrapeConfigException(f.FieldPath("scrape_timeout"), $"scrape timeout greater than scrape interval for scrape config with job name \"{jobName}\"");

        var scheme = f.String("scheme") ?? "http";
        if (scheme is not ("http" or "https")) throw YamlFields.Error(f.FieldPath("scheme"), $"unknown scheme \"{scheme}\" (http or https)", f.Get("scheme"));
        var metricsPath = f.String("metrics_path") ?? "/metrics";
        if (!metricsPath.StartsWith('/')) throw YamlFields.Error(f.FieldPath("metrics_path"), $"\"{metricsPath}\" must start with '/'", f.Get("metrics_path"));

        return new ScrapeJobConfig
        {
            JobName = jobName,
            ScrapeInterval = interval,
            ScrapeTimeout = timeout,
            MetricsPath = metricsPath,
            Scheme = scheme,
            Params = ReadParams(f),
            HonorLabels = f.Bool("honor_labels") ?? false,
            HonorTimestamps = f.Bool("honor_timestamps") ?? true,
            StaticConfigs = f.Items("static_configs").Select((item, i) => ReadStaticConfig(new YamlFields(item.Node, item.Path), jobName, i)).ToArray(),
            FileSdConfigs = f.Items("file_sd_configs").Select(item => FileSdConfig.FromYaml(new YamlFields(item.Node, item.Path), baseDirectory)).ToArray(),
            RelabelConfigs = f.Items("relabel_configs").Select(item => RelabelConfig.FromYaml(new YamlFields(item.Node, item.Path))).ToArray(),
            MetricRelabelConfigs = f.Items("metric_relabel_configs").Select(item => RelabelConfig.FromYaml(new YamlFields(item.Node, item.Path))).ToArray(),
        };
    }

    private static Dictionary<string, IReadOnlyList<string>> ReadParams(YamlFields f)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (f.Get("params") is not { } node) return result;
        var fields = new YamlFields(node, f.FieldPath("params"));
        foreach (var (key, _) in ((YamlMappingNode)node).Children)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            result[name] = fields.StringList(name);
        }
        return result;
    }

    private static TargetGroup ReadStaticConfig(YamlFields f, string jobName, int index)
    {
        f.RejectUnknown(["targets", "labels"]);
        var targets = f.StringList("targets");
        for (var i = 0; i < targets.Count; i++)
        {
            if (targets[i].Length == 0 || targets[i].Contains('/'))
                throw YamlFields.Error($"{f.FieldPath("targets")}[{i}]", $"\"{targets[i]}\" is not a valid hostname (write host:port, without scheme or path)", f.Get("targets"));
        }
        var labels = f.StringMap("labels");
        foreach (var name in labels.Keys)
        {
            if (!ExpositionTokens.IsValidLabelName(name)) throw YamlFields.Error($"{f.FieldPath("labels")}.{name}", $"\"{name}\" is not a valid label name", f.Get("labels"));
        }
        return new TargetGroup(targets, labels, $"static/{jobName}/{index}");
    }
}
