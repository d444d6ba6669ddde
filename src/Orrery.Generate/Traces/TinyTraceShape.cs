using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Generate.Traces;

/// <summary>
/// The OpenTelemetry Collector testbed's span: one span per trace, a client span of 1 ms named
/// <c>load-generator-span</c> with its sequence numbers as the only attributes. Measures the
/// per-request and per-span overhead of a receiver, not its attribute handling.
/// </summary>
public sealed class TinyTraceShape(int seed) : ITraceShape
{
    private static readonly (string, string)[] ResourceAttributes =
    [
        ("service.name", "orrery-gen"),
        ("telemetry.sdk.name", "orrery-gen"),
    ];

    private readonly Random _random = new(seed);
    private long _sequence;

    public void Fill(SpanBatch batch, int spans, long nowUnixNano)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var writer = new TraceBatchWriter(batch);
        var scope = writer.AddResourceScope(ResourceAttributes, "orrery-gen", "0.1.0");
        for (var i = 0; i < spans; i++)
        {
            var sequence = _sequence++;
            var traceId = new TraceId((ulong)_random.NextInt64(1, long.MaxValue), (ulong)_random.NextInt64());
            var spanId = new SpanId((ulong)_random.NextInt64(1, long.MaxValue));
            writer.AddSpan(scope, traceId, spanId, default, "load-generator-span", SpanKind.Client, nowUnixNano, nowUnixNano + 1_000_000);
            writer.Attribute("load_generator.span_seq_num", sequence);
            writer.Attribute("load_generator.trace_seq_num", sequence);
        }
    }
}
