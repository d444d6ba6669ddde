using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Orrery.Demo.Hosting;

/// <summary>
/// One service's own OpenTelemetry SDK: a TracerProvider over its ActivitySource, a MeterProvider
/// over its Meter (trace-based exemplars), and an ILoggerFactory with the OpenTelemetry logger
/// provider, all with the service's resource and exporting OTLP to Orrery.
/// </summary>
internal sealed class MeshTelemetry : IDisposable
{
    /// <summary>Seconds buckets for request durations: 5 ms to 10 s, as OpenTelemetry's HTTP semantic conventions advise.</summary>
    private static readonly double[] s_secondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private readonly TracerProvider _tracer;
    private readonly MeterProvider _meters;
    private readonly ILoggerFactory _loggers;

    private MeshTelemetry(ServiceIdentity identity, TracerProvider tracer, MeterProvider meters, ILoggerFactory loggers, ActivitySource source, Meter meter)
    {
        Identity = identity;
        _tracer = tracer;
        _meters = meters;
        _loggers = loggers;
        Source = source;
        Meter = meter;
        ServerDuration = meter.CreateHistogram("http.server.request.duration", "s", "Duration of HTTP server requests.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_secondsBuckets });
        ClientDuration = meter.CreateHistogram("http.client.request.duration", "s", "Duration of HTTP client requests.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_secondsBuckets });
    }

    public ServiceIdentity Identity { get; }

    public ActivitySource Source { get; }

    public Meter Meter { get; }

    public Histogram<double> ServerDuration { get; }

    public Histogram<double> ClientDuration { get; }

    /// <summary>Seconds buckets for the services' own duration histograms.</summary>
    public static InstrumentAdvice<double> SecondsAdvice { get; } = new() { HistogramBucketBoundaries = s_secondsBuckets };

    public ILogger CreateLogger(string category) => _loggers.CreateLogger(category);

    public static MeshTelemetry Create(ServiceIdentity identity, OtlpTarget target)
    {
        var resource = ResourceBuilder.CreateEmpty()
            .AddService(identity.Name, serviceNamespace: "mesh", serviceVersion: "1.4.2", autoGenerateServiceInstanceId: false, serviceInstanceId: identity.InstanceId)
            .AddAttributes(new Dictionary<string, object>
            {
                ["cloud.region"] = identity.Region,
                ["deployment.environment.name"] = "demo",
                ["host.name"] = identity.HostName,
            });
        var source = new ActivitySource(identity.InstrumentationName, "1.4.2");
        var meter = new Meter(identity.InstrumentationName, "1.4.2");

        var tracer = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(source.Name)
            .AddOtlpExporter(o => target.Configure(o, identity.Protocol, OtlpTarget.TracesPath))
            .Build();
        var meters = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(meter.Name)
            .SetExemplarFilter(ExemplarFilterType.TraceBased)
            .AddOtlpExporter((o, reader) =>
            {
                target.Configure(o, identity.Protocol, OtlpTarget.MetricsPath);
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)target.MetricInterval.TotalMilliseconds;
            })
            .Build();
        var loggers = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Information)
            .AddOpenTelemetry(o =>
            {
                o.SetResourceBuilder(resource);
                o.IncludeFormattedMessage = true;
                o.IncludeScopes = true;
                o.AddOtlpExporter((e, processor) =>
                {
                    target.Configure(e, identity.Protocol, OtlpTarget.LogsPath);
                    processor.BatchExportProcessorOptions.ScheduledDelayMilliseconds = (int)target.BatchInterval.TotalMilliseconds;
                });
            }));
        return new MeshTelemetry(identity, tracer, meters, loggers, source, meter);
    }

    /// <summary>Exports what the providers still hold; called before Orrery stops so the last spans are not lost.</summary>
    public void Flush(TimeSpan timeout)
    {
        var ms = (int)timeout.TotalMilliseconds;
        _tracer.ForceFlush(ms);
        _meters.ForceFlush(ms);
    }

    public void Dispose()
    {
        // Disposing a provider shuts its exporter down after a final export.
        _tracer.Dispose();
        _meters.Dispose();
        _loggers.Dispose();
        Source.Dispose();
        Meter.Dispose();
    }
}
