using System.Globalization;
using System.Text;
using Orrery.Signals;
using Orrery.Signals.Logs;

namespace Orrery.Storage.Tests.Logs;

/// <summary>
/// A deterministic mix of the logs a small Kubernetes deployment writes: structured JSON from
/// services, logfmt, nginx access lines and the odd Java stack trace, 100–500 bytes, over tens
/// of streams, about half of them written inside a span (trace_id/span_id metadata, as OTLP
/// logs carry). Random parts (ids, durations, sizes, client addresses) are what a real mix
/// has; they bound the compression ratio more than the templates do.
/// </summary>
public sealed class RealisticLogs(int seed, long startNs = 1_750_000_000_000_000_000)
{
    private static readonly string[] Services = ["checkout", "cart", "payment", "auth", "frontend", "catalog", "shipping", "email", "recommendation", "ads"];
    private static readonly string[] Environments = ["prod", "staging"];
    private static readonly string[] Paths = ["/api/cart", "/api/checkout", "/api/products", "/api/users/me", "/healthz", "/api/orders", "/api/recommendations", "/static/app.js", "/api/payment/charge", "/login"];
    private static readonly string[] Methods = ["GET", "GET", "GET", "POST", "PUT", "DELETE"];
    private static readonly string[] Messages =
    [
        "request completed", "cache miss, loading from database", "user authenticated", "order placed",
        "payment authorized", "retrying upstream call", "connection pool exhausted, waiting", "slow query detected",
        "shipment label created", "recommendations computed", "session expired", "rate limit applied",
    ];
    private static readonly string[] Levels = ["info", "info", "info", "info", "debug", "warn", "error"];
    private static readonly string[] Agents =
    [
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
        "curl/8.5.0", "Go-http-client/1.1", "kube-probe/1.30",
    ];

    private readonly Random _random = new(seed);
    private long _now = startNs;

    /// <summary>20 services × 2 environments, as Loki's OTLP mapping labels them.</summary>
    public static int StreamCount => Services.Length * Environments.Length;

    /// <summary>Raw bytes (lines plus metadata) of everything generated so far.</summary>
    public long RawBytes { get; private set; }

    public long Lines { get; private set; }

    /// <summary>Adds <paramref name="lines"/> lines over all streams, in time order, to <paramref name="batch"/>.</summary>
    /// <remarks>
    /// Lines come from requests in flight: each request (a trace) writes 2–12 lines in one or
    /// two services with the same trace id, user and path, interleaved with other requests and
    /// with untraced background lines (health checks, jobs), as a traced system logs.
    /// </remarks>
    public void Fill(LogBatch batch, int lines)
    {
        var streamIndex = new int[StreamCount];
        for (var s = 0; s < StreamCount; s++)
        {
            batch.BeginStream();
            batch.AddStreamLabel("service_name", Services[s % Services.Length]);
            batch.AddStreamLabel("deployment_environment", Environments[s / Services.Length]);
            batch.AddStreamLabel("k8s_namespace_name", "shop");
            streamIndex[s] = batch.EndStream(out _);
        }
        var text = new StringBuilder(512);
        for (var i = 0; i < lines; i++)
        {
            _now += _random.Next(1_000, 200_000);
            var level = Levels[_random.Next(Levels.Length)];
            Request? request = null;
            int s;
            if (_random.Next(2) == 0)
            {
                var slot = _random.Next(_inFlight.Length);
                request = _inFlight[slot] ??= NewRequest();
                s = request.Stream(_random);
                if (--request.LinesLeft == 0) _inFlight[slot] = null;
            }
            else
            {
                // Services log at different rates: a skewed pick gives busy and quiet streams.
                s = (int)(Math.Pow(_random.NextDouble(), 2) * StreamCount);
            }
            text.Clear();
            WriteLine(text, Services[s % Services.Length], level, request);
            var metaStart = batch.Metadata.Count;
            if (request is not null)
            {
                batch.AddMetadata("trace_id", request.TraceId.ToHex());
                batch.AddMetadata("span_id", request.SpanId(s).ToHex());
            }
            batch.AddMetadata("severity_text", level.ToUpperInvariant());
            batch.AddMetadata("detected_level", level);
            var line = batch.Bytes.Append(text.ToString());
            var metadata = new RowRange(metaStart, batch.Metadata.Count - metaStart);
            batch.Records.Add(new LogRecordRow
            {
                Stream = streamIndex[s],
                TimestampNs = _now,
                Line = line,
                Metadata = metadata,
                TraceId = request?.TraceId ?? default,
                SpanId = request?.SpanId(s) ?? default,
                SeverityNumber = 9,
            });
            Lines++;
            RawBytes += line.Length;
            foreach (var m in batch.MetadataOf(batch.Records.Count - 1)) RawBytes += m.Name.Length + m.Value.Length;
        }
    }

    private readonly Request?[] _inFlight = new Request?[24];

    private Request NewRequest()
    {
        var first = (int)(Math.Pow(_random.NextDouble(), 2) * StreamCount);
        var second = first % Services.Length == 4 ? _random.Next(Services.Length) + first / Services.Length * Services.Length : first;
        return new Request(
            new TraceId((ulong)_random.NextInt64(), (ulong)_random.NextInt64()),
            (ulong)_random.NextInt64() | 1, first, second,
            $"u-{_random.Next(50_000)}", Paths[_random.Next(Paths.Length)], Methods[_random.Next(Methods.Length)],
            _random.Next(2, 13));
    }

    /// <summary>A request in flight: a trace over one or two services' streams.</summary>
    private sealed class Request(TraceId traceId, ulong spanBase, int first, int second, string user, string path, string method, int lines)
    {
        public TraceId TraceId { get; } = traceId;
        public string User { get; } = user;
        public string Path { get; } = path;
        public string Method { get; } = method;
        public int LinesLeft { get; set; } = lines;

        public int Stream(Random random) => random.Next(3) == 0 ? second : first;

        public SpanId SpanId(int stream) => new(spanBase ^ (ulong)stream);
    }

    private void WriteLine(StringBuilder text, string service, string level, Request? request)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(_now / 1_000_000).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var path = request?.Path ?? Paths[_random.Next(Paths.Length)];
        var method = request?.Method ?? Methods[_random.Next(Methods.Length)];
        var user = request?.User ?? $"u-{_random.Next(50_000)}";
        var status = _random.Next(20) == 0 ? 500 : _random.Next(10) == 0 ? 404 : 200;
        var inv = CultureInfo.InvariantCulture;
        if (request is null && _random.Next(10) < 3)
        {
            // Kubernetes probes: a large share of real access logs, nearly identical lines.
            text.Append(inv, $"10.0.{_random.Next(2)}.1 - - [{time}] \"GET /healthz HTTP/1.1\" 200 2 \"-\" \"kube-probe/1.30\" rt=0.00{_random.Next(1, 4)}");
            return;
        }
        switch (_random.Next(10))
        {
            case < 5:
                text.Append(inv, $"{{\"level\":\"{level}\",\"ts\":\"{time}\",\"service\":\"{service}\",\"msg\":\"{Messages[_random.Next(Messages.Length)]}\",");
                text.Append(inv, $"\"method\":\"{method}\",\"path\":\"{path}/{_random.Next(1000)}\",\"status\":{status},");
                text.Append(inv, $"\"duration_ms\":{_random.NextDouble() * 300:F2},\"user_id\":\"{user}\"");
                if (request is not null) text.Append(inv, $",\"trace_id\":\"{request.TraceId.ToHex()}\"");
                text.Append('}');
                break;
            case < 8:
                text.Append(inv, $"ts={time} level={level} caller={service}/handler.go:{_random.Next(40, 400)} msg=\"{Messages[_random.Next(Messages.Length)]}\" ");
                text.Append(inv, $"method={method} path={path} status={status} duration={_random.Next(1, 900)}ms bytes={_random.Next(200, 90_000)}");
                break;
            case < 10 when _random.Next(15) != 0:
                text.Append(inv, $"10.{_random.Next(4)}.{_random.Next(256)}.{_random.Next(256)} - - [{time}] \"{method} {path}?page={_random.Next(20)} HTTP/1.1\" ");
                text.Append(inv, $"{status} {_random.Next(200, 90_000)} \"-\" \"{Agents[_random.Next(Agents.Length)]}\" rt={_random.NextDouble():F3}");
                break;
            default:
                text.Append(inv, $"{time} ERROR [{service}] java.lang.IllegalStateException: order {_random.Next(1_000_000)} is not payable\n");
                text.Append("\tat com.shop.orders.OrderService.pay(OrderService.java:212)\n\tat com.shop.api.OrderController.checkout(OrderController.java:88)\n");
                text.Append("\tat jdk.internal.reflect.GeneratedMethodAccessor42.invoke(Unknown Source)");
                break;
        }
    }
}
