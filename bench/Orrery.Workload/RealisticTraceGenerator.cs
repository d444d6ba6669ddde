using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Orrery.Workload;

/// <summary>
/// Builds OTLP export requests with the shape the benchmarks are specified on: a resource with
/// service.name, service.version, service.instance.id and 7 more attributes; ~10 span attributes
/// whose 20-character keys and values come from a 97 keys x 1,000 values vocabulary (as the
/// Jaeger-on-ClickHouse benchmark does); 10 spans per trace; one event per 10 spans.
/// </summary>
public sealed class RealisticTraceGenerator
{
    public const int SpansPerTrace = 10;
    public const int AttributesPerSpan = 10;
    public const int KeyCount = 97;
    public const int ValuesPerKey = 1_000;
    public const int ServiceCount = 20;
    public const int InstancesPerService = 5;
    public const int OperationCount = 50;

    private readonly Random _random;
    private readonly Vocabulary _keys;
    private readonly Vocabulary[] _values;
    private readonly Vocabulary _services;
    private readonly Vocabulary _operations;
    private readonly EntropyMeter _entropy = new();
    private long _clock;

    public RealisticTraceGenerator(int seed = 42, long startUnixNano = 1_700_000_000_000_000_000)
    {
        _random = new Random(seed);
        _keys = new Vocabulary(KeyCount, seed + 1);
        _values = Enumerable.Range(0, KeyCount).Select(k => new Vocabulary(ValuesPerKey, seed + 1000 + k)).ToArray();
        _services = new Vocabulary(ServiceCount, seed + 2, 12);
        _operations = new Vocabulary(OperationCount, seed + 3, 16);
        _clock = startUnixNano;
    }

    /// <summary>Spans generated so far.</summary>
    public long SpanCount { get; private set; }

    /// <summary>Information content of everything generated so far, in bits.</summary>
    public double EntropyBits => _entropy.Bits;

    /// <summary>A request of <paramref name="spanCount"/> spans (rounded up to whole traces).</summary>
    public ExportTraceServiceRequest NextRequest(int spanCount)
    {
        var request = new ExportTraceServiceRequest();
        var byService = new Dictionary<int, ScopeSpans>();
        for (var emitted = 0; emitted < spanCount; emitted += SpansPerTrace)
        {
            var service = _entropy.Choose(_random, ServiceCount);
            var instance = _entropy.Choose(_random, InstancesPerService);
            var key = service * InstancesPerService + instance;
            if (!byService.TryGetValue(key, out var scope))
            {
                scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "orrery.workload", Version = "1.0.0" } };
                var rs = new ResourceSpans { Resource = Resource(service, instance) };
                rs.ScopeSpans.Add(scope);
                request.ResourceSpans.Add(rs);
                byService[key] = scope;
            }
            AddTrace(scope);
        }
        return request;
    }

    private void AddTrace(ScopeSpans scope)
    {
        var traceId = RandomBytes(16);
        var spanIds = new byte[SpansPerTrace][];
        // Traces start ~100µs apart on average: 10k traces/s of simulated time.
        _clock += _entropy.ChooseLong(_random, 200_000);
        var traceStart = _clock;
        for (var i = 0; i < SpansPerTrace; i++)
        {
            spanIds[i] = RandomBytes(8);
            // Span i's parent is one of the earlier spans: a random tree rooted at span 0.
            var parent = i == 0 ? -1 : _entropy.Choose(_random, i);
            var start = traceStart + (i == 0 ? 0 : _entropy.ChooseLong(_random, 5_000_000));
            var duration = 1_000 + _entropy.ChooseLong(_random, 50_000_000);
            var span = new Span
            {
                TraceId = ByteString.CopyFrom(traceId),
                SpanId = ByteString.CopyFrom(spanIds[i]),
                ParentSpanId = parent < 0 ? ByteString.Empty : ByteString.CopyFrom(spanIds[parent]),
                Name = _operations[_entropy.Choose(_random, OperationCount)],
                Kind = (Span.Types.SpanKind)(1 + _entropy.Choose(_random, 5)),
                StartTimeUnixNano = (ulong)start,
                EndTimeUnixNano = (ulong)(start + duration),
                Status = new Status { Code = _entropy.Choose(_random, 20) == 0 ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Unset },
            };
            AddAttributes(span);
            if (_entropy.Choose(_random, 10) == 0)
            {
                span.Events.Add(new Span.Types.Event
                {
                    Name = "exception",
                    TimeUnixNano = (ulong)(start + duration / 2),
                    Attributes = { String("exception.type", _values[0][_entropy.Choose(_random, ValuesPerKey)]) },
                });
            }
            scope.Spans.Add(span);
            SpanCount++;
        }
    }

    private void AddAttributes(Span span)
    {
        // Ten distinct keys out of 97, each with one of its 1,000 values.
        Span<bool> used = stackalloc bool[KeyCount];
        for (var a = 0; a < AttributesPerSpan; a++)
        {
            int k;
            do k = _random.Next(KeyCount); while (used[k]);
            used[k] = true;
            span.Attributes.Add(String(_keys[k], _values[k][_entropy.Choose(_random, ValuesPerKey)]));
        }
        // log2(C(97, 10)): the information in which ten keys were picked.
        _entropy.AddKeySetBits(KeyCount, AttributesPerSpan);
    }

    private Resource Resource(int service, int instance)
    {
        var name = _services[service];
        var r = new Resource();
        r.Attributes.Add(String("service.name", name));
        r.Attributes.Add(String("service.version", "1." + (service % 7) + ".0"));
        r.Attributes.Add(String("service.instance.id", name + "-" + instance));
        r.Attributes.Add(String("service.namespace", "shop"));
        r.Attributes.Add(String("deployment.environment", "production"));
        r.Attributes.Add(String("host.name", "node-" + (service * InstancesPerService + instance) % 17));
        r.Attributes.Add(String("host.arch", "amd64"));
        r.Attributes.Add(String("os.type", "linux"));
        r.Attributes.Add(String("telemetry.sdk.language", "dotnet"));
        r.Attributes.Add(new KeyValue { Key = "process.pid", Value = new AnyValue { IntValue = 1000 + instance } });
        return r;
    }

    private static KeyValue String(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private byte[] RandomBytes(int n)
    {
        var b = new byte[n];
        _random.NextBytes(b);
        _entropy.AddRandomBits(8 * n);
        return b;
    }
}
