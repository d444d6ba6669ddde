using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Generate.Traces;

/// <summary>
/// Traces of a small shop: a frontend calls catalog, cart, checkout and recommendation services
/// over HTTP; checkout calls payment and inventory and publishes an order that shipping consumes
/// (same trace); services read PostgreSQL and Redis. Spans carry the OpenTelemetry semantic
/// conventions' HTTP, database and messaging attributes; about 4% of checkouts fail in payment with
/// an exception event and a 500 that propagates to the frontend. Traces have 5 to 25 spans.
/// </summary>
/// <remarks>
/// Durations are drawn per call and parents end after their children. A batch ends exactly at the
/// requested span count: the last trace is cut off (its remaining spans are not sent), which
/// keeps every parent of a sent span in the same or an earlier batch.
/// </remarks>
public sealed class RealisticTraceShape : ITraceShape
{
    private const int InstancesPerService = 3;
    private const int Frontend = 0, Catalog = 1, Cart = 2, Checkout = 3, Payment = 4, Inventory = 5, Shipping = 6, Recommendation = 7;

    private static readonly string[] Services = ["frontend", "catalog", "cart", "checkout", "payment", "inventory", "shipping", "recommendation"];
    private static readonly string[] Versions = ["2.4.1", "1.19.0", "3.2.7", "1.8.2", "5.0.3", "0.9.12", "2.1.0", "1.0.4"];
    private static readonly string[] ProductIds = ["OLJCESPC7Z", "66VCHSJNUP", "1YMWWN1N4O", "L9ECAV7KIM", "2ZYFJ3GM2N", "0PUK6V6EV0", "LS4PSXUNUM", "9SIQT8TOJO", "6E92ZMYYFZ", "HQTGWGPNH4"];
    private static readonly string[] UserAgents =
    [
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "python-requests/2.32.3",
    ];

    private readonly Random _random;
    private readonly int[] _scopes = new int[Services.Length * InstancesPerService];
    private TraceBatchWriter _writer = null!;
    private TraceId _trace;
    private int _instance;
    private int _budget;

    public RealisticTraceShape(int seed) => _random = new Random(seed);

    public void Fill(SpanBatch batch, int spans, long nowUnixNano)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _writer = new TraceBatchWriter(batch);
        Array.Fill(_scopes, -1);
        var limit = batch.Spans.Count + spans;
        while (batch.Spans.Count < limit)
        {
            _budget = limit - batch.Spans.Count;
            Trace(nowUnixNano);
        }
    }

    private void Trace(long start)
    {
        _trace = new TraceId((ulong)_random.NextInt64(1, long.MaxValue), (ulong)_random.NextInt64());
        _instance = _random.Next(InstancesPerService);
        var pick = _random.Next(100);
        var (method, route, callee, calleeRoute) = pick switch
        {
            < 50 => ("GET", "/api/products/{id}", Catalog, "/products/{id}"),
            < 75 => ("GET", "/api/cart", Cart, "/cart"),
            < 95 => ("POST", "/api/checkout", Checkout, "/checkout"),
            _ => ("GET", "/api/recommendations", Recommendation, "/recommendations"),
        };
        var failing = callee == Checkout && _random.Next(100) < 4;
        var status = failing ? 500 : 200;

        var root = Server(Frontend, default, method, route, start, status);
        if (root < 0) return;
        _writer.Attribute("user_agent.original", UserAgents[_random.Next(UserAgents.Length)]);
        _writer.Attribute("client.address", "10.0." + _random.Next(256) + "." + _random.Next(256));
        var end = Http(Frontend, root, callee, method, calleeRoute, start + Micros(50, 400), status);
        Finish(root, end + Micros(100, 2_000), failing);
    }

    /// <summary>A client span in <paramref name="from"/>, the server span in <paramref name="to"/> and its work; returns the client span's end.</summary>
    private long Http(int from, int parent, int to, string method, string route, long start, int status)
    {
        var client = Client(from, parent, method, Services[to], route, start, status);
        if (client < 0) return start;
        var serverStart = start + Micros(100, 800);
        var server = Server(to, _writer.Span(client).SpanId, method, route, serverStart, status);
        if (server < 0) return Finish(client, serverStart, status != 200);
        var end = Work(to, server, serverStart + Micros(20, 200), status != 200);
        end = Finish(server, end + Micros(50, 500), status != 200);
        return Finish(client, end + Micros(100, 800), status != 200);
    }

    /// <summary>What each service does inside its server span; returns when it is done.</summary>
    private long Work(int service, int server, long at, bool failing)
    {
        var id = _writer.Span(server).SpanId;
        switch (service)
        {
            case Catalog:
                if (_random.Next(100) < 70) return Redis(service, id, "GET", at);
                at = Postgres(service, id, "SELECT", "products", "SELECT id, name, price_units FROM products WHERE id = $1", at);
                return Redis(service, id, "SET", at);
            case Cart:
                return Redis(service, id, "HGETALL", at);
            case Checkout:
                at = Http(service, server, Cart, "GET", "/cart", at, 200);
                at = Http(service, server, Payment, "POST", "/charge", at, failing ? 500 : 200);
                if (failing) return at;
                var items = 1 + _random.Next(4);
                for (var i = 0; i < items; i++) at = Http(service, server, Inventory, "POST", "/reserve", at, 200);
                return Publish(service, id, at);
            case Payment:
                var before = _writer.Batch.Spans.Count;
                at = Postgres(service, id, "INSERT", "charges", "INSERT INTO charges (order_id, amount_units, currency) VALUES ($1, $2, $3)", at);
                if (failing && _writer.Batch.Spans.Count > before)
                {
                    // The database span is still the current one, so its exception event stays contiguous with it.
                    _writer.Error(before, "40P01: deadlock detected");
                    _writer.Event("exception", at, "exception.type", "Npgsql.PostgresException", "exception.message", "40P01: deadlock detected");
                }
                return at;
            case Inventory:
                return Postgres(service, id, "UPDATE", "stock", "UPDATE stock SET reserved = reserved + $2 WHERE product_id = $1", at);
            case Recommendation:
                var rank = Internal(service, id, "rank candidates", at, Micros(2_000, 30_000));
                if (rank >= 0)
                {
                    _writer.Attribute("app.recommendation.candidates", (long)(20 + _random.Next(200)));
                    _writer.Event("cache miss", at + Micros(10, 100), "app.cache", "embeddings");
                    return _writer.Span(rank).EndUnixNano;
                }
                return at;
            default:
                return at;
        }
    }

    private long Publish(int service, SpanId parent, long at)
    {
        var producer = Span(service, parent, "orders publish", SpanKind.Producer, at, at + Micros(200, 1_500));
        if (producer < 0) return at;
        _writer.Attribute("messaging.system", "rabbitmq");
        _writer.Attribute("messaging.operation.type", "publish");
        _writer.Attribute("messaging.destination.name", "orders");
        var end = _writer.Span(producer).EndUnixNano;
        // The consumer runs later, asynchronously, in the same trace.
        var consumeAt = end + Micros(1_000, 50_000);
        var consumer = Span(Shipping, _writer.Span(producer).SpanId, "orders process", SpanKind.Consumer, consumeAt, consumeAt);
        if (consumer < 0) return end;
        _writer.Attribute("messaging.system", "rabbitmq");
        _writer.Attribute("messaging.operation.type", "process");
        _writer.Attribute("messaging.destination.name", "orders");
        var done = Postgres(Shipping, _writer.Span(consumer).SpanId, "INSERT", "shipments", "INSERT INTO shipments (order_id, address_id) VALUES ($1, $2)", consumeAt + Micros(50, 300));
        Finish(consumer, done + Micros(50, 300), false);
        return end;
    }

    private long Postgres(int service, SpanId parent, string operation, string table, string statement, long at)
    {
        var row = Span(service, parent, operation + " " + table, SpanKind.Client, at, at + Micros(300, operation == "SELECT" ? 15_000 : 8_000));
        if (row < 0) return at;
        _writer.Attribute("db.system", "postgresql");
        _writer.Attribute("db.namespace", "shop");
        _writer.Attribute("db.operation.name", operation);
        _writer.Attribute("db.collection.name", table);
        _writer.Attribute("db.query.text", statement);
        _writer.Attribute("server.address", "postgres");
        _writer.Attribute("server.port", 5432L);
        return _writer.Span(row).EndUnixNano;
    }

    private long Redis(int service, SpanId parent, string command, long at)
    {
        var row = Span(service, parent, command, SpanKind.Client, at, at + Micros(80, 1_500));
        if (row < 0) return at;
        _writer.Attribute("db.system", "redis");
        _writer.Attribute("db.operation.name", command);
        _writer.Attribute("db.query.text", command + " " + (service == Cart ? "cart:" : "product:") + ProductIds[_random.Next(ProductIds.Length)]);
        _writer.Attribute("server.address", "redis");
        _writer.Attribute("server.port", 6379L);
        return _writer.Span(row).EndUnixNano;
    }

    private int Internal(int service, SpanId parent, string name, long at, long duration) =>
        Span(service, parent, name, SpanKind.Internal, at, at + duration);

    private int Server(int service, SpanId parent, string method, string route, long at, int status)
    {
        var row = Span(service, parent, method + " " + route, SpanKind.Server, at, at);
        if (row < 0) return row;
        _writer.Attribute("http.request.method", method);
        _writer.Attribute("http.route", route);
        _writer.Attribute("url.path", route.Replace("{id}", ProductIds[_random.Next(ProductIds.Length)], StringComparison.Ordinal));
        _writer.Attribute("url.scheme", "http");
        _writer.Attribute("http.response.status_code", (long)status);
        _writer.Attribute("network.protocol.version", "1.1");
        return row;
    }

    private int Client(int service, int parent, string method, string host, string route, long at, int status)
    {
        var row = Span(service, _writer.Span(parent).SpanId, method, SpanKind.Client, at, at);
        if (row < 0) return row;
        _writer.Attribute("http.request.method", method);
        _writer.Attribute("server.address", host);
        _writer.Attribute("server.port", 8080L);
        _writer.Attribute("url.full", "http://" + host + ":8080" + route);
        _writer.Attribute("http.response.status_code", (long)status);
        return row;
    }

    /// <summary>Adds a span of this trace, or returns -1 when the batch is full (the rest of the trace is cut off).</summary>
    private int Span(int service, SpanId parent, string name, SpanKind kind, long start, long end)
    {
        if (_budget == 0) return -1;
        _budget--;
        var spanId = new SpanId((ulong)_random.NextInt64(1, long.MaxValue));
        return _writer.AddSpan(Scope(service), _trace, spanId, parent, name, kind, start, end);
    }

    private long Finish(int row, long end, bool failed)
    {
        ref var span = ref _writer.Span(row);
        span.EndUnixNano = Math.Max(end, span.StartUnixNano);
        if (failed) _writer.Error(row, "HTTP 500");
        return span.EndUnixNano;
    }

    private int Scope(int service)
    {
        // One instance of each service serves the whole trace.
        var instance = (_instance + service) % InstancesPerService;
        ref var scope = ref _scopes[service * InstancesPerService + instance];
        if (scope < 0)
        {
            var name = Services[service];
            scope = _writer.AddResourceScope(
            [
                ("service.name", name),
                ("service.namespace", "shop"),
                ("service.version", Versions[service]),
                ("service.instance.id", name + "-" + instance),
                ("host.name", "node-" + ((service * InstancesPerService + instance) % 5)),
                ("deployment.environment.name", "production"),
                ("telemetry.sdk.language", "dotnet"),
                ("telemetry.sdk.name", "opentelemetry"),
            ], "orrery-gen/" + name, "0.1.0");
        }
        return scope;
    }

    private long Micros(int min, int max) => 1_000L * _random.Next(min, max);
}
