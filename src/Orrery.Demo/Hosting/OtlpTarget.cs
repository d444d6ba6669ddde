using OpenTelemetry;
using OpenTelemetry.Exporter;

namespace Orrery.Demo.Hosting;

/// <summary>Orrery's two OTLP receivers and how often the mesh exports to them.</summary>
internal sealed record OtlpTarget(Uri Grpc, Uri Http, TimeSpan BatchInterval, TimeSpan MetricInterval)
{
    public const string TracesPath = "v1/traces";
    public const string MetricsPath = "v1/metrics";
    public const string LogsPath = "v1/logs";

    public void Configure(OtlpExporterOptions options, OtlpExportProtocol protocol, string signalPath)
    {
        options.Protocol = protocol;
        // With an explicit endpoint, the HTTP exporter posts to it as is: the signal's path must be on it.
        options.Endpoint = protocol == OtlpExportProtocol.Grpc ? Grpc : new Uri(Http, signalPath);
        options.ExportProcessorType = ExportProcessorType.Batch;
        // A short delay keeps the demo live: spans show up in Orrery about a second after they end.
        options.BatchExportProcessorOptions.ScheduledDelayMilliseconds = (int)BatchInterval.TotalMilliseconds;
    }
}
