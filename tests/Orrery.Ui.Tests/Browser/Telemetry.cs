using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Orrery.Ui.Tests.Browser;

/// <summary>Ids of what <see cref="Telemetry.LoadAsync"/> sent, for the tests to open and look for.</summary>
internal sealed record LoadedTelemetry(string JourneyTraceId, string SlowSpanId, string EvilSpanId, string FastTraceId, string BigTraceId);

/// <summary>
/// Traces and logs sent through the OpenTelemetry .NET SDK over OTLP/HTTP, as an application would:
/// a checkout whose database call is slow (and logs why), fast checkouts to compare it with, a
/// 10,000-span batch trace, and attribute keys, values and a log line that carry markup.
/// </summary>
internal static class Telemetry
{
    public const string Markup = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=1\">";
    public const string SlowLog = "slow query on carts: full table scan";
    public const int BigTraceSpans = 10_000;
    public const int StockRequests = 4;

    public static async Task<LoadedTelemetry> LoadAsync(UiOrrery orrery)
    {
        var t0 = DateTime.UtcNow.AddSeconds(-60);
        string journey, slowSpan, evilSpan, fast, big;
        using (var frontend = Tracer(orrery, "frontend"))
        using (var payments = Tracer(orrery, "payments"))
        using (var bulk = Tracer(orrery, "bulk"))
        using (var inventory = Tracer(orrery, "inventory"))
        using (var logs = Logs(orrery, "payments"))
        {
            var frontendSource = new ActivitySource("frontend");
            var paymentsSource = new ActivitySource("payments");
            var logger = logs.CreateLogger("payments.db");

            // First a checkout of each kind, then (below) more once span metrics have a first
            // sample: increase() over the range counts what arrives after a series' first sample.
            Checkout(frontendSource, paymentsSource, t0, dbMs: 5, logger: null, evil: false, out _, out _);
            frontend.ForceFlush();
            payments.ForceFlush();
            await orrery.WaitForAsync("/api/v1/query?query=traces_spanmetrics_calls_total%7Bservice%3D%22payments%22%7D", b => b.Contains("payments", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

            for (var i = 0; i < 6; i++) Checkout(frontendSource, paymentsSource, t0.AddSeconds(1 + i), dbMs: 5 + i, logger: null, evil: false, out _, out _);
            fast = Checkout(frontendSource, paymentsSource, t0.AddSeconds(10), dbMs: 6, logger: null, evil: false, out _, out _);
            journey = Checkout(frontendSource, paymentsSource, t0.AddSeconds(20), dbMs: 900, logger, evil: true, out slowSpan, out evilSpan);
            big = BigTrace(new ActivitySource("bulk"), t0.AddSeconds(30));
            StockChecks(new ActivitySource("inventory"), t0.AddSeconds(40));
            foreach (var p in new[] { frontend, payments, bulk, inventory }) p.ForceFlush(30_000);
        }
        await orrery.WaitForAsync($"/api/traces/{journey}", b => b.Contains("SELECT carts", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        await orrery.WaitForAsync($"/api/traces/{big}", b => Count(b, "\"spanId\"") >= BigTraceSpans, TimeSpan.FromSeconds(120));
        var logQuery = Uri.EscapeDataString($"{{service_name=~\".+\"}} | trace_id=\"{journey}\"");
        await orrery.WaitForAsync($"/loki/api/v1/query_range?query={logQuery}&since=1h", b => b.Contains("slow query", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        // The later checkouts must be in the span metrics' counters before the overview is read.
        await Task.Delay(TimeSpan.FromSeconds(3));
        return new LoadedTelemetry(journey, slowSpan, evilSpan, fast, big);
    }

    /// <summary>
    /// frontend GET /checkout → frontend POST (client) → payments POST /charge → payments SELECT carts,
    /// with an earlier frontend render span that is off the critical path.
    /// </summary>
    private static string Checkout(ActivitySource frontend, ActivitySource payments, DateTime start, int dbMs, ILogger? logger, bool evil, out string dbSpanId, out string chargeSpanId)
    {
        Activity.Current = null;
        var root = frontend.StartActivity("GET /checkout", ActivityKind.Server, default(ActivityContext), startTime: start)!;
        root.SetTag("http.route", "/checkout");
        var call = frontend.StartActivity("POST payments", ActivityKind.Client, root.Context, startTime: start.AddMilliseconds(4))!;
        // Rendering runs beside the payment call and finishes first: off the critical path.
        var render = frontend.StartActivity("render cart", ActivityKind.Internal, root.Context, startTime: start.AddMilliseconds(5))!;
        End(render, start.AddMilliseconds(7));
        var charge = payments.StartActivity("POST /charge", ActivityKind.Server, call.Context, startTime: start.AddMilliseconds(5))!;
        if (evil)
        {
            charge.SetTag(Markup, Markup);
            charge.SetTag("note", "<b>bold</b> & \"quoted\"");
        }
        var db = payments.StartActivity("SELECT carts", ActivityKind.Client, charge.Context, startTime: start.AddMilliseconds(6))!;
        db.SetTag("db.system", "postgresql");
        if (logger is not null)
        {
            logger.LogWarning(SlowLog);
            logger.LogError(Markup);
            db.SetStatus(ActivityStatusCode.Error, "statement timeout");
        }
        End(db, start.AddMilliseconds(6 + dbMs));
        End(charge, start.AddMilliseconds(7 + dbMs));
        End(call, start.AddMilliseconds(8 + dbMs));
        End(root, start.AddMilliseconds(10 + dbMs));
        dbSpanId = db.SpanId.ToHexString();
        chargeSpanId = charge.SpanId.ToHexString();
        return root.TraceId.ToHexString();
    }

    /// <summary>
    /// inventory answers <see cref="StockRequests"/> requests, the last one failing: its span-metric
    /// series are all born at once (no earlier sample), so the overview must count them from zero.
    /// </summary>
    private static void StockChecks(ActivitySource source, DateTime start)
    {
        for (var i = 0; i < StockRequests; i++)
        {
            Activity.Current = null;
            var check = source.StartActivity("GET /stock", ActivityKind.Server, default(ActivityContext), startTime: start.AddMilliseconds(i * 10))!;
            if (i == StockRequests - 1) check.SetStatus(ActivityStatusCode.Error, "out of stock lookup failed");
            End(check, start.AddMilliseconds((i * 10) + 3));
        }
    }

    private static string BigTrace(ActivitySource source, DateTime start)
    {
        Activity.Current = null;
        var root = source.StartActivity("import batch", ActivityKind.Server, default(ActivityContext), startTime: start)!;
        var children = new List<Activity>(BigTraceSpans - 1);
        for (var i = 1; i < BigTraceSpans; i++)
        {
            // Groups of 10 under a parent, so the tree has depth as well as width.
            var parent = i % 10 == 1 || children.Count == 0 ? root : children[^(((i - 1) % 10))];
            var child = source.StartActivity("import item", ActivityKind.Internal, parent.Context, startTime: start.AddMilliseconds(i))!;
            children.Add(child);
        }
        for (var k = children.Count - 1; k >= 0; k--)
        {
            var i = k + 1;
            End(children[k], start.AddMilliseconds(i % 10 == 1 ? i + 9.8 : i + 0.5));
        }
        End(root, start.AddMilliseconds(BigTraceSpans + 5));
        return root.TraceId.ToHexString();
    }

    private static void End(Activity activity, DateTime end)
    {
        activity.SetEndTime(end);
        activity.Stop();
    }

    private static TracerProvider Tracer(UiOrrery orrery, string service) => Sdk.CreateTracerProviderBuilder()
        .AddSource(service)
        .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
        .AddOtlpExporter(o =>
        {
            o.Protocol = OtlpExportProtocol.HttpProtobuf;
            o.Endpoint = new Uri(orrery.OtlpHttp, "/v1/traces");
            o.ExportProcessorType = ExportProcessorType.Batch;
            // The 10,000-span trace must fit the queue whole (the default, 2048, would drop most of it).
            o.BatchExportProcessorOptions = new BatchExportActivityProcessorOptions { MaxQueueSize = 20_000, MaxExportBatchSize = 2_000, ScheduledDelayMilliseconds = 200 };
        })
        .Build()!;

    private static ILoggerFactory Logs(UiOrrery orrery, string service) => LoggerFactory.Create(b => b.AddOpenTelemetry(o =>
    {
        o.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service));
        o.AddOtlpExporter(e =>
        {
            e.Protocol = OtlpExportProtocol.HttpProtobuf;
            e.Endpoint = new Uri(orrery.OtlpHttp, "/v1/logs");
            e.ExportProcessorType = ExportProcessorType.Simple;
        });
    }));

    private static int Count(string text, string needle)
    {
        var n = 0;
        for (var i = text.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = text.IndexOf(needle, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }
}
