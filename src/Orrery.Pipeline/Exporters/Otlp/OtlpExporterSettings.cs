using Orrery.Pipeline.Components;

namespace Orrery.Pipeline.Exporters.Otlp;

/// <summary>
/// <c>otlp</c> / <c>otlphttp</c> settings with the collector's names:
/// <code>
/// otlphttp/peer:
///   endpoint: http://peer:4318          # otlphttp posts to endpoint + /v1/traces, /v1/metrics, /v1/logs
///                                       # (or traces_endpoint / metrics_endpoint / logs_endpoint as given)
///   headers: { X-Scope-OrgID: team-a }
///   compression: gzip                   # or none (otlphttp)
///   timeout: 10s
///   retry_on_failure: { enabled: true, initial_interval: 5s, max_interval: 30s, max_elapsed_time: 300s }
///   sending_queue: { enabled: true, num_consumers: 4, queue_size: 1000, directory: /var/lib/orrery/queue/peer }
/// </code>
/// <c>max_elapsed_time: 0</c> retries for ever (with a directory: nothing is given up while the peer is down).
/// <c>sending_queue.directory</c> makes the queue durable: a batch is acknowledged once its file is
/// synced, and files left by a stop or a down peer are sent after the restart. Without it the
/// queue is memory only (what is queued is lost if the process stops), as in the collector.
/// An exporter used by pipelines of several signals has one queue per signal: traces in the
/// directory itself, metrics and logs in its <c>metrics</c> and <c>logs</c> subdirectories.
/// </summary>
internal sealed record OtlpExporterSettings(
    Uri Url,
    IReadOnlyDictionary<string, string> Headers,
    bool Gzip,
    TimeSpan Timeout,
    bool RetryEnabled,
    TimeSpan InitialInterval,
    TimeSpan MaxInterval,
    TimeSpan MaxElapsedTime,
    bool QueueEnabled,
    int NumConsumers,
    int QueueSize,
    string? Directory)
{
    /// <summary>The settings for the traces queue (the form every existing caller uses).</summary>
    public static OtlpExporterSettings Parse(ComponentSettings s, bool http, string? dataDirectory) =>
        Parse(s, http, dataDirectory, OtlpExportSignal.Traces);

    public static OtlpExporterSettings Parse(ComponentSettings s, bool http, string? dataDirectory, OtlpExportSignal signal)
    {
        s.RejectUnknownKeys("endpoint", "traces_endpoint", "metrics_endpoint", "logs_endpoint", "headers", "compression", "timeout", "tls", "retry_on_failure", "sending_queue");
        var signalKey = signal.EndpointKey();
        var endpointText = (http ? s.GetString(signalKey) : null) ?? s.GetString("endpoint")
            ?? throw new PipelineConfigException($"{s.Id}: missing 'endpoint'", s.Line);
        if (!endpointText.Contains("://", StringComparison.Ordinal)) endpointText = "http://" + endpointText;
        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            throw ComponentSettings.Error((http ? s.Get(signalKey) : null) ?? s.Get("endpoint")!, $"{s.Id}: endpoint '{endpointText}' is not an http(s) URL");
        var url = http && s.Get(signalKey) is null ? new Uri(endpoint.ToString().TrimEnd('/') + signal.HttpPath()) : endpoint;

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (s.GetSection("headers") is { } h)
        {
            foreach (var (k, _) in h.Body.Children)
            {
                var name = ((YamlDotNet.RepresentationModel.YamlScalarNode)k).Value ?? "";
                headers[name] = h.GetString(name) ?? "";
            }
        }
        var compression = s.GetString("compression", http ? "gzip" : "none");
        if (compression is not ("gzip" or "none")) throw ComponentSettings.Error(s.Get("compression")!, $"{s.Id}: compression must be gzip or none");
        if (!http && compression == "gzip") throw ComponentSettings.Error(s.Get("compression")!, $"{s.Id}: gzip is supported by otlphttp only");

        var retry = s.GetSection("retry_on_failure") ?? new ComponentSettings(s.Id + ".retry_on_failure", null, s.Line);
        retry.RejectUnknownKeys("enabled", "initial_interval", "max_interval", "max_elapsed_time", "multiplier", "randomization_factor");
        var queue = s.GetSection("sending_queue") ?? new ComponentSettings(s.Id + ".sending_queue", null, s.Line);
        queue.RejectUnknownKeys("enabled", "num_consumers", "queue_size", "directory", "storage");
        if (queue.Get("storage") is { } storage) throw ComponentSettings.Error(storage, $"{s.Id}: storage extensions are not supported; set sending_queue.directory");
        var consumers = queue.GetInt64("num_consumers", 4);
        var size = queue.GetInt64("queue_size", 1000);
        if (consumers is < 1 or > 64) throw ComponentSettings.Error(queue.Get("num_consumers")!, $"{s.Id}: num_consumers must be between 1 and 64");
        if (size is < 1 or > 1_000_000) throw ComponentSettings.Error(queue.Get("queue_size")!, $"{s.Id}: queue_size must be between 1 and 1000000");
        var directory = queue.GetString("directory");
        // A relative queue directory lives in Orrery's data directory, beside the stores it protects.
        if (directory is not null && dataDirectory is not null && !Path.IsPathRooted(directory)) directory = Path.Combine(dataDirectory, directory);
        // Traces keep the directory itself, so queues written before metrics and logs could be forwarded are still found.
        if (directory is not null && signal != OtlpExportSignal.Traces) directory = Path.Combine(directory, signal.Name());

        return new OtlpExporterSettings(
            url,
            headers,
            compression == "gzip",
            s.GetDuration("timeout", TimeSpan.FromSeconds(10)),
            retry.GetBool("enabled", true),
            retry.GetDuration("initial_interval", TimeSpan.FromSeconds(5)),
            retry.GetDuration("max_interval", TimeSpan.FromSeconds(30)),
            retry.GetDuration("max_elapsed_time", TimeSpan.FromMinutes(5)),
            queue.GetBool("enabled", true),
            (int)consumers,
            (int)size,
            directory);
    }
}
