using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Query.Tests.TraceQL.Engine;

/// <summary>
/// The fixed traces of the conformance suite, in one batch. Span ids are two hex digits whose
/// first digit is the trace id, so an expected answer like <c>{13 15}</c> names both. Times are
/// milliseconds after <see cref="T0"/> (each trace starts 10 s after the previous one).
/// <code>
/// trace 1 (checkout, root present)
///   11 "GET /checkout"   frontend  server   0–500ms   unset  http.method=GET http.status_code=200 http.route=/checkout
///     12 "HTTP GET cart" frontend  client  10–210ms  unset  http.status_code=200 peer.service=cart
///       13 "GetCart"     cart      server  20–200ms  ok     cart.items=3 cart.value=42.5 vip=true
///         14 "SELECT carts" postgres client 30–80ms  unset  db.system=postgresql db.rows=1
///         15 "SELECT items" postgres client 90–190ms error "timeout"  db.system=postgresql db.rows=0
///              event "exception" (+100ms) exception.type=TimeoutError exception.count=1
///     16 "render"        frontend  internal 220–480ms unset template=checkout.html ratio=0.75
///          events "cache.miss" (+10ms) key=tpl, "cache.hit" (+20ms)
/// trace 2 (payment failure)
///   21 "POST /pay"       frontend  server   0–2s      error  http.status_code=500 http.method=POST
///     22 "charge"        payments  server 100–1900ms  error "card declined" amount=99 currency=EUR retry=false
///          link → trace 1 span 13, link attribute reason=retry
///       23 "fraud.check" payments  internal 200–300ms ok    score=0.9
///       24 "charge"      payments  client 400–1800ms error  http.status_code=500
/// trace 3 (root missing: 31's parent 30 never arrived)
///   31 "worker.process"  worker    consumer  0–50ms   unset  messaging.system=kafka batch.size=5
///     32 "store"         worker    producer 10–20ms   unset  batch.size=5.0 (double)
/// trace 4 (one span)
///   41 "GET /health"     frontend  server    0–1ms    ok     http.status_code="200" (string)
/// </code>
/// Resources: frontend {service.name, region=eu, host.cores=8, deployed=true}; cart {cart, region=us};
/// postgres {postgres}; payments {payments, region=eu}; worker {worker}. Scopes: frontend
/// aspnetcore 1.9.0; cart cart-lib 2.0; postgres npgsql 8.0.1; payments payments-sdk 0.1 (scope
/// attribute sdk.lang=dotnet); worker kafka-client (no version).
/// </summary>
internal static class ConformanceTraces
{
    public const long T0 = 1_700_000_000_000_000_000;
    private const long Ms = 1_000_000;

    public static SpanBatch Build()
    {
        var b = new Builder();
        var frontend = b.Resource(("service.name", "frontend"), ("region", "eu"), ("host.cores", 8L), ("deployed", true));
        var cart = b.Resource(("service.name", "cart"), ("region", "us"));
        var postgres = b.Resource(("service.name", "postgres"));
        var payments = b.Resource(("service.name", "payments"), ("region", "eu"));
        var worker = b.Resource(("service.name", "worker"));
        var aspnet = b.Scope(frontend, "aspnetcore", "1.9.0");
        var cartLib = b.Scope(cart, "cart-lib", "2.0");
        var npgsql = b.Scope(postgres, "npgsql", "8.0.1");
        var paymentsSdk = b.Scope(payments, "payments-sdk", "0.1", ("sdk.lang", "dotnet"));
        var kafka = b.Scope(worker, "kafka-client", "");

        var t1 = T0;
        b.Span(aspnet, 0x11, 0, "GET /checkout", t1, 0, 500, SpanKind.Server, StatusCode.Unset, "",
            ("http.method", "GET"), ("http.status_code", 200L), ("http.route", "/checkout"));
        b.Span(aspnet, 0x12, 0x11, "HTTP GET cart", t1, 10, 210, SpanKind.Client, StatusCode.Unset, "",
            ("http.status_code", 200L), ("peer.service", "cart"));
        b.Span(cartLib, 0x13, 0x12, "GetCart", t1, 20, 200, SpanKind.Server, StatusCode.Ok, "",
            ("cart.items", 3L), ("cart.value", 42.5), ("vip", true));
        b.Span(npgsql, 0x14, 0x13, "SELECT carts", t1, 30, 80, SpanKind.Client, StatusCode.Unset, "",
            ("db.system", "postgresql"), ("db.rows", 1L));
        b.Span(npgsql, 0x15, 0x13, "SELECT items", t1, 90, 190, SpanKind.Client, StatusCode.Error, "timeout",
            ("db.system", "postgresql"), ("db.rows", 0L));
        b.Event(t1 + 100 * Ms, "exception", ("exception.type", "TimeoutError"), ("exception.count", 1L));
        b.Span(aspnet, 0x16, 0x11, "render", t1, 220, 480, SpanKind.Internal, StatusCode.Unset, "",
            ("template", "checkout.html"), ("ratio", 0.75));
        b.Event(t1 + 230 * Ms, "cache.miss", ("key", "tpl"));
        b.Event(t1 + 240 * Ms, "cache.hit");

        var t2 = T0 + 10_000 * Ms;
        b.Span(aspnet, 0x21, 0, "POST /pay", t2, 0, 2000, SpanKind.Server, StatusCode.Error, "",
            ("http.status_code", 500L), ("http.method", "POST"));
        b.Span(paymentsSdk, 0x22, 0x21, "charge", t2, 100, 1900, SpanKind.Server, StatusCode.Error, "card declined",
            ("amount", 99L), ("currency", "EUR"), ("retry", false));
        b.Link(new TraceId(0, 1), new SpanId(0x13), ("reason", "retry"));
        b.Span(paymentsSdk, 0x23, 0x22, "fraud.check", t2, 200, 300, SpanKind.Internal, StatusCode.Ok, "",
            ("score", 0.9));
        b.Span(paymentsSdk, 0x24, 0x22, "charge", t2, 400, 1800, SpanKind.Client, StatusCode.Error, "",
            ("http.status_code", 500L));

        var t3 = T0 + 20_000 * Ms;
        b.Span(kafka, 0x31, 0x30, "worker.process", t3, 0, 50, SpanKind.Consumer, StatusCode.Unset, "",
            ("messaging.system", "kafka"), ("batch.size", 5L));
        b.Span(kafka, 0x32, 0x31, "store", t3, 10, 20, SpanKind.Producer, StatusCode.Unset, "",
            ("batch.size", 5.0));

        var t4 = T0 + 30_000 * Ms;
        b.Span(aspnet, 0x41, 0, "GET /health", t4, 0, 1, SpanKind.Server, StatusCode.Ok, "",
            ("http.status_code", "200"));
        return b.Batch;
    }

    /// <summary>Rows of each trace (1–4) in the batch, in span id order.</summary>
    public static Dictionary<ulong, int[]> RowsByTrace(SpanBatch batch)
    {
        var result = new Dictionary<ulong, List<int>>();
        for (var row = 0; row < batch.Count; row++)
        {
            var id = batch.Spans[row].TraceId.Low;
            if (!result.TryGetValue(id, out var rows)) result[id] = rows = [];
            rows.Add(row);
        }
        return result.ToDictionary(p => p.Key, p => p.Value.ToArray());
    }

    private sealed class Builder
    {
        public SpanBatch Batch { get; } = new();

        public int Resource(params (string Key, object Value)[] attributes)
        {
            var start = Batch.ResourceAttributes.Count;
            foreach (var (key, value) in attributes) Batch.ResourceAttributes.Add(Kv(key, value));
            return Batch.Resources.Add(new ResourceRow { Attributes = new RowRange(start, attributes.Length) });
        }

        public int Scope(int resource, string name, string version, params (string Key, object Value)[] attributes)
        {
            var start = Batch.ScopeAttributes.Count;
            foreach (var (key, value) in attributes) Batch.ScopeAttributes.Add(Kv(key, value));
            return Batch.Scopes.Add(new ScopeRow
            {
                Resource = resource,
                Name = Batch.Bytes.Append(name),
                Version = Batch.Bytes.Append(version),
                Attributes = new RowRange(start, attributes.Length),
            });
        }

        public void Span(int scope, ulong spanId, ulong parentId, string name, long traceStart, long startMs, long endMs,
            SpanKind kind, StatusCode status, string statusMessage, params (string Key, object Value)[] attributes)
        {
            var attrStart = Batch.SpanAttributes.Count;
            foreach (var (key, value) in attributes) Batch.SpanAttributes.Add(Kv(key, value));
            Batch.Spans.Add(new SpanRow
            {
                Scope = scope,
                TraceId = new TraceId(0, spanId >> 4),
                SpanId = new SpanId(spanId),
                ParentSpanId = new SpanId(parentId),
                Name = Batch.Bytes.Append(name),
                StartUnixNano = traceStart + startMs * Ms,
                EndUnixNano = traceStart + endMs * Ms,
                StatusCode = status,
                StatusMessage = Batch.Bytes.Append(statusMessage),
                Kind = kind,
                Attributes = new RowRange(attrStart, attributes.Length),
                Events = new RowRange(Batch.Events.Count, 0),
                Links = new RowRange(Batch.Links.Count, 0),
            });
        }

        public void Event(long time, string name, params (string Key, object Value)[] attributes)
        {
            var attrStart = Batch.EventAttributes.Count;
            foreach (var (key, value) in attributes) Batch.EventAttributes.Add(Kv(key, value));
            Batch.Events.Add(new EventRow { TimeUnixNano = time, Name = Batch.Bytes.Append(name), Attributes = new RowRange(attrStart, attributes.Length) });
            ref var span = ref Batch.Spans[Batch.Spans.Count - 1];
            span.Events = new RowRange(span.Events.Start, span.Events.Count + 1);
        }

        public void Link(TraceId traceId, SpanId spanId, params (string Key, object Value)[] attributes)
        {
            var attrStart = Batch.LinkAttributes.Count;
            foreach (var (key, value) in attributes) Batch.LinkAttributes.Add(Kv(key, value));
            Batch.Links.Add(new LinkRow { TraceId = traceId, SpanId = spanId, Attributes = new RowRange(attrStart, attributes.Length) });
            ref var span = ref Batch.Spans[Batch.Spans.Count - 1];
            span.Links = new RowRange(span.Links.Start, span.Links.Count + 1);
        }

        private KeyValueRow Kv(string key, object value) => new()
        {
            Key = Batch.Bytes.Append(key),
            Value = value switch
            {
                string s => AnyValueRow.FromString(Batch.Bytes.Append(s)),
                bool b => AnyValueRow.FromBool(b),
                long l => AnyValueRow.FromInt(l),
                double d => AnyValueRow.FromDouble(d),
                _ => throw new ArgumentException("unsupported test value", nameof(value)),
            },
        };
    }
}
