using System.Text;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Storage.Tests.Blocks;

/// <summary>
/// Deterministic spans shaped like the issue's "realistic" workload: 100 resources (20 services ×
/// 5 instances) with service.name, service.version, service.instance.id and 7 more attributes;
/// 50 operations, each with 10 span attributes whose 20-character keys come from a 97-key
/// vocabulary and whose values are drawn uniformly from 1,000 20-character values; 10 spans per
/// trace with random parents; one event per 10 spans on average; 5% errors.
/// </summary>
/// <remarks>
/// <see cref="InformationBits"/> adds up the entropy of every random choice made, i.e. the least
/// number of bits any encoding needs on average: the floor under bytes per span.
/// </remarks>
public sealed class RealisticSpans
{
    public const int SpansPerTrace = 10;
    private const int Services = 20;
    private const int InstancesPerService = 5;
    private const int Operations = 50;
    private const int KeyCount = 97;
    private const int ValueCount = 1000;
    private const int AttributesPerSpan = 10;
    private const long WindowNanos = 3_600_000_000_000; // an hour of trace starts
    private const long ChildOffsetNanos = 1_000_000;
    private const long MinDurationNanos = 10_000;
    private const long MaxDurationNanos = 50_000_000;

    private readonly Random _random;
    private readonly string[] _keys;
    private readonly string[] _values;
    private readonly (string Name, SpanKind Kind, int[] Keys)[] _operations;
    private readonly string[] _exceptionTypes = ["System.TimeoutException", "System.IO.IOException", "HttpRequestException", "SqlException", "TaskCanceledException"];
    private readonly long _epoch = 1_700_000_000_000_000_000;

    public RealisticSpans(int seed = 42)
    {
        _random = new Random(seed);
        // The vocabulary is fixed by the seed before any counted choice: it is shared knowledge
        // (like a schema), not information carried by the spans.
        var vocabulary = new Random(seed ^ 0x5EED);
        _keys = Enumerable.Range(0, KeyCount).Select(i => Word(vocabulary, "attr.", i)).ToArray();
        _values = Enumerable.Range(0, ValueCount).Select(i => Word(vocabulary, "v", i)).ToArray();
        _operations = Enumerable.Range(0, Operations).Select(i => (
            Name: $"{(i % 3 == 0 ? "GET" : i % 3 == 1 ? "POST" : "db.query")} /api/op{i:D2}",
            Kind: (SpanKind)(1 + (i % 5)),
            Keys: Enumerable.Range(0, KeyCount).OrderBy(_ => vocabulary.Next()).Take(AttributesPerSpan).ToArray())).ToArray();
    }

    /// <summary>Entropy of all random choices so far, in bits.</summary>
    public double InformationBits { get; private set; }

    public long SpansGenerated { get; private set; }

    /// <summary>A batch of <paramref name="traces"/> traces of <see cref="SpansPerTrace"/> spans each.</summary>
    public SpanBatch NextBatch(int traces)
    {
        var batch = new SpanBatch();
        AddResources(batch);
        var starts = new long[SpansPerTrace];
        var ids = new ulong[SpansPerTrace];
        for (var t = 0; t < traces; t++)
        {
            var traceId = new TraceId(Bits64(), Bits64());
            var rootStart = _epoch + Uniform(WindowNanos);
            for (var i = 0; i < SpansPerTrace; i++)
            {
                ids[i] = Bits64();
                var parent = i == 0 ? -1 : (int)Uniform(i);
                starts[i] = parent < 0 ? rootStart : starts[parent] + Uniform(ChildOffsetNanos);
                var op = _operations[Uniform(Operations)];
                var duration = MinDurationNanos + Uniform(MaxDurationNanos - MinDurationNanos);
                var error = Chance(0.05);

                ref var s = ref batch.Spans.Add();
                s.Scope = (int)Uniform(Services * InstancesPerService);
                s.TraceId = traceId;
                s.SpanId = new SpanId(ids[i]);
                s.ParentSpanId = parent < 0 ? default : new SpanId(ids[parent]);
                s.Name = batch.Bytes.Append(op.Name);
                s.Kind = op.Kind;
                s.Flags = 1;
                s.StartUnixNano = starts[i];
                s.EndUnixNano = starts[i] + duration;
                s.StatusCode = error ? StatusCode.Error : StatusCode.Unset;
                var attrStart = batch.SpanAttributes.Count;
                foreach (var k in op.Keys)
                {
                    batch.SpanAttributes.Add(new KeyValueRow
                    {
                        Key = batch.Bytes.Append(_keys[k]),
                        Value = AnyValueRow.FromString(batch.Bytes.Append(_values[Uniform(ValueCount)])),
                    });
                }
                batch.Spans[batch.Spans.Count - 1].Attributes = new RowRange(attrStart, AttributesPerSpan);
                if (Chance(0.1)) AddEvent(batch, starts[i], duration);
                SpansGenerated++;
            }
        }
        return batch;
    }

    private void AddEvent(SpanBatch batch, long start, long duration)
    {
        var attrStart = batch.EventAttributes.Count;
        batch.EventAttributes.Add(new KeyValueRow
        {
            Key = batch.Bytes.Append("exception.type"),
            Value = AnyValueRow.FromString(batch.Bytes.Append(_exceptionTypes[Uniform(_exceptionTypes.Length)])),
        });
        batch.EventAttributes.Add(new KeyValueRow
        {
            Key = batch.Bytes.Append("exception.message"),
            Value = AnyValueRow.FromString(batch.Bytes.Append(_values[Uniform(ValueCount)])),
        });
        var eventRow = batch.Events.Add(new EventRow
        {
            TimeUnixNano = start + Uniform(duration),
            Name = batch.Bytes.Append("exception"),
            Attributes = new RowRange(attrStart, 2),
        });
        batch.Spans[batch.Spans.Count - 1].Events = new RowRange(eventRow, 1);
    }

    private void AddResources(SpanBatch batch)
    {
        for (var service = 0; service < Services; service++)
        {
            for (var instance = 0; instance < InstancesPerService; instance++)
            {
                var attrStart = batch.ResourceAttributes.Count;
                void Add(string k, string v) => batch.ResourceAttributes.Add(new KeyValueRow
                {
                    Key = batch.Bytes.Append(k),
                    Value = AnyValueRow.FromString(batch.Bytes.Append(v)),
                });
                Add("service.name", $"service-{service:D2}");
                Add("service.version", $"1.{service % 4}.{service % 7}");
                Add("service.instance.id", $"{service:D2}-{instance}-7f3c9a1e-4b2d-4c8e");
                Add("host.name", $"node-{(service * 5 + instance) % 13:D3}.cluster.local");
                Add("k8s.namespace.name", service < 10 ? "shop" : "payments");
                Add("k8s.pod.name", $"service-{service:D2}-5d8f9c-{instance:D5}");
                Add("cloud.region", "eu-west-1");
                Add("telemetry.sdk.name", "opentelemetry");
                Add("telemetry.sdk.language", service % 2 == 0 ? "dotnet" : "java");
                Add("telemetry.sdk.version", "1.9.0");
                var resource = batch.Resources.Add(new ResourceRow
                {
                    Attributes = new RowRange(attrStart, 10),
                    SchemaUrl = batch.Bytes.Append("https://opentelemetry.io/schemas/1.21.0"),
                });
                batch.Scopes.Add(new ScopeRow
                {
                    Resource = resource,
                    Name = batch.Bytes.Append(service % 2 == 0 ? "OpenTelemetry.Instrumentation.AspNetCore" : "io.opentelemetry.spring-webmvc-6.0"),
                    Version = batch.Bytes.Append("1.9.0"),
                });
            }
        }
    }

    private long Uniform(long n)
    {
        InformationBits += Math.Log2(n);
        return _random.NextInt64(n);
    }

    private ulong Bits64()
    {
        InformationBits += 64;
        Span<byte> b = stackalloc byte[8];
        _random.NextBytes(b);
        return BitConverter.ToUInt64(b);
    }

    private bool Chance(double p)
    {
        InformationBits += -(p * Math.Log2(p)) - ((1 - p) * Math.Log2(1 - p));
        return _random.NextDouble() < p;
    }

    private static string Word(Random r, string prefix, int i)
    {
        var sb = new StringBuilder(prefix).Append(i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).Append('.');
        while (sb.Length < 20) sb.Append((char)('a' + r.Next(26)));
        return sb.ToString();
    }
}
