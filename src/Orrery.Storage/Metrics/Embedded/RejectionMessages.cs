using System.Globalization;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>The texts senders see for refused data: each names the metric and the rule it broke.</summary>
internal static class RejectionMessages
{
    public static string OutOfOrder(string metric, long timestampMs, TimeSpan window) =>
        string.Create(CultureInfo.InvariantCulture, $"out of order sample: metric {metric}, timestamp {timestampMs} is older than the {FormatDuration(window)} out-of-order window");

    public static string Duplicate(string metric, long timestampMs) =>
        string.Create(CultureInfo.InvariantCulture, $"duplicate sample for timestamp: metric {metric}, timestamp {timestampMs} already has a different value");

    public static string OutOfOrderExemplar(string metric, long timestampMs) =>
        string.Create(CultureInfo.InvariantCulture, $"out of order exemplar: metric {metric}, timestamp {timestampMs}");

    /// <summary>Prometheus's duration style: 10m, 1h30m, 2h, 15s.</summary>
    public static string FormatDuration(TimeSpan d)
    {
        if (d <= TimeSpan.Zero) return "0s";
        var text = new System.Text.StringBuilder();
        if (d.Days > 0) text.Append(CultureInfo.InvariantCulture, $"{d.Days}d");
        if (d.Hours > 0) text.Append(CultureInfo.InvariantCulture, $"{d.Hours}h");
        if (d.Minutes > 0) text.Append(CultureInfo.InvariantCulture, $"{d.Minutes}m");
        if (d.Seconds > 0) text.Append(CultureInfo.InvariantCulture, $"{d.Seconds}s");
        if (d.Milliseconds > 0) text.Append(CultureInfo.InvariantCulture, $"{d.Milliseconds}ms");
        return text.ToString();
    }
}
