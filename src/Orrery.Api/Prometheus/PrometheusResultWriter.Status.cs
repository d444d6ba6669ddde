using System.Text.Json;

namespace Orrery.Api.Prometheus;

/// <summary>The status pages: targets and runtime information.</summary>
internal static partial class PrometheusResultWriter
{
    private static void WriteTargets(Utf8JsonWriter json, TargetsView targets)
    {
        json.WriteStartObject("data");
        json.WriteStartArray("activeTargets");
        foreach (var target in targets.Active)
        {
            json.WriteStartObject();
            WriteLabels(json, "discoveredLabels", target.DiscoveredLabels);
            WriteLabels(json, "labels", target.Labels);
            json.WriteString("scrapePool", target.ScrapePool);
            json.WriteString("scrapeUrl", target.ScrapeUrl);
            json.WriteString("globalUrl", target.GlobalUrl ?? target.ScrapeUrl);
            json.WriteString("lastError", target.LastError);
            json.WriteString("lastScrape", GoFormats.Time(target.LastScrape));
            json.WriteNumber("lastScrapeDuration", target.LastScrapeDuration.TotalSeconds);
            json.WriteString("health", target.Health switch { TargetHealth.Up => "up", TargetHealth.Down => "down", _ => "unknown" });
            json.WriteString("scrapeInterval", GoFormats.Duration(target.ScrapeInterval));
            json.WriteString("scrapeTimeout", GoFormats.Duration(target.ScrapeTimeout));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("droppedTargets");
        foreach (var target in targets.Dropped)
        {
            json.WriteStartObject();
            WriteLabels(json, "discoveredLabels", target.DiscoveredLabels);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// Prometheus's <c>RuntimeInfo</c>: the Go-runtime fields carry their nearest .NET
    /// counterparts (thread-pool threads for goroutines, processors for GOMAXPROCS) because
    /// Grafana and the Prometheus UI only display them.
    /// </summary>
    private static void WriteRuntimeInfo(Utf8JsonWriter json, RuntimeInfoData runtime)
    {
        json.WriteStartObject("data");
        json.WriteString("startTime", GoFormats.Time(runtime.StartTime));
        json.WriteString("CWD", runtime.WorkingDirectory);
        json.WriteBoolean("reloadConfigSuccess", true);
        json.WriteString("lastConfigTime", GoFormats.Time(runtime.StartTime));
        json.WriteNumber("corruptionCount", 0);
        json.WriteNumber("goroutineCount", runtime.ThreadCount);
        json.WriteNumber("GOMAXPROCS", runtime.ProcessorCount);
        json.WriteString("GOGC", "");
        json.WriteString("GODEBUG", "");
        json.WriteString("storageRetention", runtime.StorageRetention);
        json.WriteEndObject();
    }
}
