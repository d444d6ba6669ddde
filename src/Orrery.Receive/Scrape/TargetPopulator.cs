using System.Globalization;
using System.Text;
using Orrery.Receive.Scrape.Config;
using Orrery.Receive.Scrape.Relabel;
using Orrery.Signals.Labels;

namespace Orrery.Receive.Scrape;

/// <summary>
/// Turns a discovered target into a scrape target as Prometheus's <c>PopulateLabels</c> does:
/// job defaults as labels (<c>job</c>, <c>__scheme__</c>, <c>__metrics_path__</c>,
/// <c>__scrape_interval__</c>, <c>__scrape_timeout__</c>, <c>__param_*</c>), relabeling, a
/// default port, <c>instance</c> = address, and the <c>__</c> labels kept out of the series labels.
/// </summary>
public static class TargetPopulator
{
    public const string AddressLabel = "__address__";
    public const string SchemeLabel = "__scheme__";
    public const string MetricsPathLabel = "__metrics_path__";
    public const string ScrapeIntervalLabel = "__scrape_interval__";
    public const string ScrapeTimeoutLabel = "__scrape_timeout__";
    public const string ParamLabelPrefix = "__param_";
    public const string MetaLabelPrefix = "__meta_";

    /// <summary>The outcome for one discovered target: kept (<see cref="Target"/>), dropped by relabeling, or invalid (<see cref="Error"/>).</summary>
    public readonly record struct Result(ScrapeTarget? Target, LabelSet DiscoveredLabels, string? Error);

    public static Result Populate(ScrapeJobConfig job, TargetGroup group, string address)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(group);
        var lb = new LabelBuilder();
        foreach (var (name, value) in group.Labels) lb.Set(name, value);
        lb.Set(AddressLabel, address);
        SetIfAbsent(lb, "job", job.JobName);
        SetIfAbsent(lb, ScrapeIntervalLabel, PromDuration.Format(job.ScrapeInterval));
        SetIfAbsent(lb, ScrapeTimeoutLabel, PromDuration.Format(job.ScrapeTimeout));
        SetIfAbsent(lb, MetricsPathLabel, job.MetricsPath);
        SetIfAbsent(lb, SchemeLabel, job.Scheme);
        foreach (var (name, values) in job.Params)
        {
            if (values.Count > 0) lb.Set(ParamLabelPrefix + name, values[0]);
        }
        var discovered = lb.ToLabelSet();
        if (!Relabeler.Process(job.RelabelConfigs, lb)) return new Result(null, discovered, null);

        var addr = lb.Get(AddressLabel);
        if (addr.Length == 0) return new Result(null, discovered, "no address");
        var scheme = lb.Get(SchemeLabel);
        if (scheme is not ("http" or "https")) return new Result(null, discovered, $"invalid scheme \"{scheme}\"");
        // Prometheus 2.42 adds the scheme's default port to an address without one.
        if (!HasPort(addr))
        {
            addr += scheme == "https" ? ":443" : ":80";
            lb.Set(AddressLabel, addr);
        }
        if (addr.Contains('/')) return new Result(null, discovered, $"\"{addr}\" is not a valid hostname");
        if (!PromDuration.TryParse(lb.Get(ScrapeIntervalLabel), out var interval) || interval <= TimeSpan.Zero)
            return new Result(null, discovered, $"error parsing scrape interval \"{lb.Get(ScrapeIntervalLabel)}\"");
        if (!PromDuration.TryParse(lb.Get(ScrapeTimeoutLabel), out var timeout) || timeout <= TimeSpan.Zero)
            return new Result(null, discovered, $"error parsing scrape timeout \"{lb.Get(ScrapeTimeoutLabel)}\"");
        if (timeout > interval) return new Result(null, discovered, $"scrape timeout {PromDuration.Format(timeout)} greater than scrape interval {PromDuration.Format(interval)}");

        lb.RemoveWhere(l => l.Name.StartsWith(MetaLabelPrefix, StringComparison.Ordinal));
        if (!lb.Has("instance")) lb.Set("instance", addr);
        var full = lb.ToLabelSet();
        var seriesLabels = LabelSet.From(full.AsSpan().ToArray().Where(l => !l.Name.StartsWith("__", StringComparison.Ordinal)));
        Uri url;
        try
        {
            url = BuildUrl(job, lb, scheme, addr);
        }
        catch (UriFormatException e)
        {
            return new Result(null, discovered, $"invalid target URL: {e.Message}");
        }
        var target = new ScrapeTarget
        {
            JobName = job.JobName,
            DiscoveredLabels = discovered,
            FullLabels = full,
            Labels = seriesLabels,
            Url = url,
            Interval = interval,
            Timeout = timeout,
        };
        return new Result(target, discovered, null);
    }

    private static void SetIfAbsent(LabelBuilder lb, string name, string value)
    {
        if (!lb.Has(name)) lb.Set(name, value);
    }

    private static bool HasPort(string address)
    {
        if (address.StartsWith('['))
        {
            var close = address.IndexOf(']');
            return close > 0 && close + 1 < address.Length && address[close + 1] == ':';
        }
        var colon = address.LastIndexOf(':');
        return colon >= 0 && address.IndexOf(':') == colon && int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }

    /// <summary>
    /// The job's params, with the first value of each replaced by its <c>__param_*</c> label;
    /// encoded sorted by name, as Go's url.Values does.
    /// </summary>
    private static Uri BuildUrl(ScrapeJobConfig job, LabelBuilder lb, string scheme, string addr)
    {
        var query = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, values) in job.Params) query[name] = [.. values];
        foreach (var label in lb.Items)
        {
            if (!label.Name.StartsWith(ParamLabelPrefix, StringComparison.Ordinal)) continue;
            var name = label.Name[ParamLabelPrefix.Length..];
            if (query.TryGetValue(name, out var values) && values.Count > 0) values[0] = label.Value;
            else query[name] = [label.Value];
        }
        var s = new StringBuilder().Append(scheme).Append("://").Append(addr).Append(lb.Get(MetricsPathLabel));
        var first = true;
        foreach (var (name, values) in query)
        {
            foreach (var value in values)
            {
                s.Append(first ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
                first = false;
            }
        }
        return new Uri(s.ToString());
    }
}
