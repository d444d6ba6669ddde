using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orrery.EndToEnd.Tests.Support;

namespace Orrery.EndToEnd.Tests.Pipeline;

/// <summary>
/// Three services, each with its own OpenTelemetry SDK tracer provider and OTLP exporter, as
/// three processes would have: frontend → checkout → payments, linked client span → server
/// span across the services. Checkout also logs through the SDK's logger inside its span, so
/// its records carry the trace id. Times are set explicitly, so "slow" is exact, not a sleep.
/// </summary>
internal sealed class ShopTraffic : IDisposable
{
    public const int SpansPerTrace = 5;
    private static readonly TimeSpan FastDuration = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan SlowDuration = TimeSpan.FromMilliseconds(900);

    private readonly ActivitySource _frontend;
    private readonly ActivitySource _checkout;
    private readonly ActivitySource _payments;
    private readonly TracerProvider[] _providers;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _checkoutLog;
    private readonly List<SentTrace> _sent = [];
    private readonly Dictionary<(string Service, string Span, string Kind, string Status), long> _spanCounts = [];
    private DateTimeOffset _clock;

    public ShopTraffic(OrreryEndpoints endpoints, string prefix)
    {
        Prefix = prefix;
        _frontend = new ActivitySource(SourceName("frontend"));
        _checkout = new ActivitySource(SourceName("checkout"));
        _payments = new ActivitySource(SourceName("payments"));
        _providers = [Provider(endpoints, "frontend"), Provider(endpoints, "checkout"), Provider(endpoints, "payments")];
        _loggers = LoggerFactory.Create(builder => builder.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(Service("checkout")));
            o.IncludeFormattedMessage = true;
            o.AddOtlpExporter(e =>
            {
                e.Protocol = OtlpExportProtocol.HttpProtobuf;
                e.Endpoint = endpoints.OtlpHttpLogs;
                e.ExportProcessorType = ExportProcessorType.Simple;
            });
        }));
        _checkoutLog = _loggers.CreateLogger("Checkout");
        // Span times in the recent past, one trace after the other.
        _clock = DateTimeOffset.UtcNow.AddMinutes(-2);
    }

    public string Prefix { get; }

    public IReadOnlyList<SentTrace> Sent => _sent;

    /// <summary>Spans sent per span-metrics series (service, span_name, span_kind, status_code), health checks excluded.</summary>
    public IReadOnlyDictionary<(string Service, string Span, string Kind, string Status), long> SpanCounts => _spanCounts;

    public string Service(string name) => $"{Prefix}-{name}";

    /// <summary>frontend GET /checkout → checkout POST /checkout → payments POST /pay, with one or two log records in checkout.</summary>
    public SentTrace SendCheckout(TraceShape shape)
    {
        if (shape == TraceShape.Health) throw new ArgumentException("use SendHealthCheck", nameof(shape));
        var duration = shape == TraceShape.Slow ? SlowDuration : FastDuration;
        var start = Next(duration);
        DateTimeOffset At(double fraction) => start + duration * fraction;
        Activity.Current = null;

        var root = Start(_frontend, "GET /checkout", ActivityKind.Server, default, At(0), "/checkout");
        var callCheckout = Start(_frontend, "POST /checkout", ActivityKind.Client, root.Context, At(0.1), null);
        var checkout = Start(_checkout, "POST /checkout", ActivityKind.Server, callCheckout.Context, At(0.15), "/checkout");
        var traceId = root.TraceId.ToHexString();
        _checkoutLog.LogInformation("order placed trace={TraceId}", traceId);
        var callPayments = Start(_checkout, "POST /pay", ActivityKind.Client, checkout.Context, At(0.2), null);
        var payments = Start(_payments, "POST /pay", ActivityKind.Server, callPayments.Context, At(0.25), "/pay");
        if (shape == TraceShape.Error)
        {
            payments.SetStatus(ActivityStatusCode.Error, "card declined");
            _checkoutLog.LogError("payment declined trace={TraceId}", traceId);
        }

        Stop(payments, At(0.75), "payments");
        Stop(callPayments, At(0.8), "checkout");
        Stop(checkout, At(0.85), "checkout");
        Stop(callCheckout, At(0.9), "frontend");
        Stop(root, At(1), "frontend");
        var sent = new SentTrace(traceId, shape, HasLog: true);
        _sent.Add(sent);
        return sent;
    }

    /// <summary>A load balancer's probe of checkout or payments; errors and slow ones too, which the policies would keep if the filter let them through.</summary>
    public SentTrace SendHealthCheck(string service, string target, bool failing, bool slow)
    {
        var duration = slow ? SlowDuration : FastDuration;
        var start = Next(duration);
        Activity.Current = null;
        var source = service == "checkout" ? _checkout : _payments;
        var probe = Start(source, "GET " + target, ActivityKind.Server, default, start, target);
        if (failing) probe.SetStatus(ActivityStatusCode.Error, "not ready");
        probe.SetEndTime((start + duration).UtcDateTime);
        probe.Stop();
        var sent = new SentTrace(probe.TraceId.ToHexString(), TraceShape.Health, HasLog: false);
        _sent.Add(sent);
        return sent;
    }

    /// <summary>A record outside any span: no trace id, so trace_follow passes it at once.</summary>
    public void LogWithoutTrace(string text)
    {
        Activity.Current = null;
        _checkoutLog.LogInformation("{Text}", text);
    }

    /// <summary>Simple export processors: every export is acknowledged before the call that made it returns.</summary>
    public void Flush()
    {
        foreach (var p in _providers) Assert.True(p.ForceFlush(20_000));
    }

    public void Dispose()
    {
        foreach (var p in _providers) p.Dispose();
        _loggers.Dispose();
        _frontend.Dispose();
        _checkout.Dispose();
        _payments.Dispose();
    }

    private DateTimeOffset Next(TimeSpan duration)
    {
        var start = _clock;
        _clock += duration + TimeSpan.FromMilliseconds(1);
        return start;
    }

    private static Activity Start(ActivitySource source, string name, ActivityKind kind, ActivityContext parent, DateTimeOffset start, string? target)
    {
        var activity = source.StartActivity(name, kind, parent, startTime: start)
            ?? throw new InvalidOperationException($"{source.Name} is not sampled: its tracer provider does not listen");
        if (target is not null) activity.SetTag("http.target", target);
        return activity;
    }

    private void Stop(Activity activity, DateTimeOffset end, string service)
    {
        activity.SetEndTime(end.UtcDateTime);
        activity.Stop();
        var kind = activity.Kind == ActivityKind.Server ? "SPAN_KIND_SERVER" : "SPAN_KIND_CLIENT";
        var status = activity.Status == ActivityStatusCode.Error ? "STATUS_CODE_ERROR" : "STATUS_CODE_UNSET";
        var key = (Service(service), activity.DisplayName, kind, status);
        _spanCounts[key] = _spanCounts.GetValueOrDefault(key) + 1;
    }

    private string SourceName(string service) => $"orrery.e2e.pipeline.{Prefix}.{service}";

    private TracerProvider Provider(OrreryEndpoints endpoints, string service) => Sdk.CreateTracerProviderBuilder()
        .AddSource(SourceName(service))
        .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(Service(service)))
        .AddOtlpExporter(o =>
        {
            o.Protocol = OtlpExportProtocol.Grpc;
            o.Endpoint = endpoints.Grpc;
            // Each span is acknowledged when Stop returns: a trace's spans arrive within
            // milliseconds of each other, well inside decision_wait, as from one request.
            o.ExportProcessorType = ExportProcessorType.Simple;
        })
        .Build()!;
}
