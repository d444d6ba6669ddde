using Orrery.Generate.Traces;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.TraceQLBench;

/// <summary>
/// The benchmark's spans: <see cref="RealisticTraceShape"/> (a shop of eight services, ~0.8% of
/// traces failing with HTTP 500) in batches whose traces start <see cref="BatchSpacingNanos"/>
/// apart, with two adjustments so that the queries measure something:
/// <list type="bullet">
/// <item>1% of traces (chosen by trace id) are stretched 100 times (start offsets and durations
/// from the trace's start), so their roots run 0.5–3 s: `duration &gt; 500ms` matches ~1% of traces;</item>
/// <item>the shape writes the current semantic convention's <c>http.response.status_code</c>; the
/// issue's query asks for the older <c>http.status_code</c>, so that key is renamed.</item>
/// </list>
/// </summary>
internal sealed class BenchSpans(int seed, long startUnixNano)
{
    public const int SpansPerBatch = 1_000;

    /// <summary>~2,800 spans per second of data: 10M spans cover about an hour.</summary>
    public const long BatchSpacingNanos = 360_000_000;

    private const int StretchFactor = 100;

    private readonly RealisticTraceShape _shape = new(seed);
    private long _now = startUnixNano;

    public long SpanCount { get; private set; }

    public long NowUnixNano => _now;

    public SpanBatch Next(int batches)
    {
        var batch = new SpanBatch();
        for (var i = 0; i < batches; i++)
        {
            _shape.Fill(batch, SpansPerBatch, _now);
            _now += BatchSpacingNanos;
        }
        Stretch(batch);
        RenameStatusCode(batch);
        SpanCount += batch.Count;
        return batch;
    }

    private static void Stretch(SpanBatch batch)
    {
        var spans = batch.Spans.AsSpan();
        var traceStart = 0L;
        var current = default(TraceId);
        foreach (ref var s in spans)
        {
            if (s.TraceId != current)
            {
                current = s.TraceId;
                traceStart = s.StartUnixNano; // a trace's first span is its root (or the first sent)
            }
            if (s.TraceId.Low % 100 != 0) continue;
            var duration = s.EndUnixNano - s.StartUnixNano;
            s.StartUnixNano = traceStart + (s.StartUnixNano - traceStart) * StretchFactor;
            s.EndUnixNano = s.StartUnixNano + duration * StretchFactor;
        }
    }

    private static void RenameStatusCode(SpanBatch batch)
    {
        var old = batch.Bytes.Append("http.status_code");
        foreach (ref var a in batch.SpanAttributes.AsSpan())
        {
            if (batch.Utf8(a.Key).SequenceEqual("http.response.status_code"u8)) a.Key = old;
        }
    }
}
