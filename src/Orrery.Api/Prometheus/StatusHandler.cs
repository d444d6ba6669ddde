using System.Diagnostics;
using System.Globalization;
using Orrery.Signals.Labels;
using Orrery.Storage.Metrics;

namespace Orrery.Api.Prometheus;

/// <summary>The <c>/api/v1/status/*</c> pages and <c>/api/v1/targets</c>.</summary>
internal sealed class StatusHandler(IMetricReader reader, string version, Func<TargetsView>? targets)
{
    private static readonly DateTimeOffset StartTime = new(Process.GetCurrentProcess().StartTime.ToUniversalTime(), TimeSpan.Zero);

    public PrometheusResult BuildInfo() => new BuildInfoData(version);

    public PrometheusResult Tsdb(string tenant, PrometheusForm form)
    {
        var limit = 10;
        var text = form.Get("limit");
        if (text.Length > 0 && (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out limit) || limit < 1))
            return new PrometheusError(PrometheusErrorType.BadData, "limit must be a positive number");
        return new TsdbStatusData(reader.Status(tenant, limit));
    }

    /// <summary>
    /// Scrape targets. Targets belong to the process, not to a tenant: every tenant sees them,
    /// as every user of one Prometheus does.
    /// </summary>
    public PrometheusResult Targets(PrometheusForm form)
    {
        var view = targets?.Invoke() ?? TargetsView.Empty;
        var state = form.Get("state").Trim().ToLowerInvariant();
        var pool = form.Get("scrapePool");
        var showActive = state is "" or "any" or "active";
        var showDropped = state is "" or "any" or "dropped";
        var active = showActive ? view.Active.Where(t => pool.Length == 0 || t.ScrapePool == pool).ToArray() : [];
        var dropped = showDropped ? view.Dropped.Where(t => pool.Length == 0 || PoolOf(t.DiscoveredLabels) == pool).ToArray() : [];
        return new TargetsData(new TargetsView(active, dropped));
    }

    /// <summary>Orrery's configuration is not Prometheus's; the page exists because clients probe it.</summary>
    public PrometheusResult Config() => new ConfigData(string.Empty);

    public PrometheusResult Flags() => new FlagsData([]);

    public PrometheusResult RuntimeInfo() => new RuntimeInfoData(
        StartTime,
        Environment.CurrentDirectory,
        ThreadPool.ThreadCount,
        Environment.ProcessorCount,
        StorageRetention: string.Empty);

    /// <summary>A dropped target's pool is the job it was discovered for (<c>job</c> is set from <c>job_name</c> before relabelling).</summary>
    private static string PoolOf(LabelSet discovered) => discovered.Get("job");
}
