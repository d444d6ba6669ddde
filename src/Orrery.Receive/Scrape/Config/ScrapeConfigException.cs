namespace Orrery.Receive.Scrape.Config;

/// <summary>An invalid scrape configuration; the message starts with the path of the offending field.</summary>
public sealed class ScrapeConfigException(string field, string reason, int line = 0)
    : Exception(line > 0 ? $"{field}: {reason} (line {line})" : $"{field}: {reason}")
{
    /// <summary>Where the problem is, e.g. <c>scrape_configs[1].scrape_interval</c>.</summary>
    public string Field { get; } = field;

    public string Reason { get; } = reason;
}
