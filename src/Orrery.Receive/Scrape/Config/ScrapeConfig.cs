using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Orrery.Receive.Scrape.Config;

/// <summary>
/// The scrape part of a configuration file in Prometheus's own shape: <c>global:</c>
/// (<c>scrape_interval</c>, <c>scrape_timeout</c>; other keys there are left to their owners)
/// and <c>scrape_configs:</c>. Other top-level keys are ignored, so the section can live in
/// Orrery's own configuration file.
/// </summary>
public sealed record ScrapeConfig(GlobalScrapeConfig Global, IReadOnlyList<ScrapeJobConfig> Jobs)
{
    public static ScrapeConfig Empty { get; } = new(GlobalScrapeConfig.Default, []);

    /// <summary>
    /// Parses YAML text. Relative <c>file_sd_configs</c> paths resolve against
    /// <paramref name="baseDirectory"/> (the configuration file's directory), or stay relative to the working directory.
    /// </summary>
    /// <exception cref="ScrapeConfigException">Invalid configuration; the message names the field.</exception>
    public static ScrapeConfig Parse(string yaml, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ScrapeConfigException("(yaml)", e.Message, (int)e.Start.Line);
        }
        if (stream.Documents.Count == 0 || YamlFields.IsNull(stream.Documents[0].RootNode)) return Empty;
        return FromYaml(stream.Documents[0].RootNode, baseDirectory);
    }

    /// <summary>Reads from an already loaded document root (a mapping with <c>global</c> and <c>scrape_configs</c>).</summary>
    public static ScrapeConfig FromYaml(YamlNode root, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var top = new YamlFields(root, "");
        var global = GlobalScrapeConfig.Default;
        if (top.Get("global") is { } globalNode)
        {
            var g = new YamlFields(globalNode, "global");
            var interval = g.Duration("scrape_interval") ?? GlobalScrapeConfig.DefaultInterval;
            if (interval <= TimeSpan.Zero) throw new ScrapeConfigException("global.scrape_interval", "must be greater than 0");
            // As Prometheus: an unset global timeout is the default (10s), capped by the global interval.
            var timeout = g.Duration("scrape_timeout") ?? (GlobalScrapeConfig.DefaultTimeout > interval ? interval : GlobalScrapeConfig.DefaultTimeout);
            if (timeout > interval) throw new ScrapeConfigException("global.scrape_timeout", "global scrape timeout greater than scrape interval");
            global = new GlobalScrapeConfig(interval, timeout);
        }
        var jobs = new List<ScrapeJobConfig>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (node, path) in top.Items("scrape_configs"))
        {
            var job = ScrapeJobConfig.FromYaml(node, path, global, baseDirectory);
            if (!names.Add(job.JobName)) throw new ScrapeConfigException(path + ".job_name", $"found multiple scrape configs with job name \"{job.JobName}\"");
            jobs.Add(job);
        }
        return new ScrapeConfig(global, jobs);
    }
}
