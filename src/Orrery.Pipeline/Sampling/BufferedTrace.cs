using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Sampling;

/// <summary>One span held by reference: the batch it arrived in and its row there.</summary>
public readonly record struct SpanRef(SpanBatch Batch, int Row)
{
    public ref SpanRow Span => ref Batch.Spans[Row];
}

/// <summary>
/// The spans of one undecided trace, as the sampling policies see it. Spans stay in the batches
/// they arrived in (the processor owns those batches until every trace in them is decided). The
/// processor buffers traces in plain tables (<see cref="HeldTraces"/>) and fills one instance of
/// this view from them only when a trace is decided.
/// </summary>
public sealed class BufferedTrace
{
    private SpanRef[] _spans = new SpanRef[8];

    public string Tenant { get; private set; } = "";

    public TraceId TraceId { get; private set; }

    /// <summary>When the first span arrived (<see cref="TimeProvider.GetUtcNow"/> in ms).</summary>
    public long ArrivedMs { get; private set; }

    /// <summary>Set once decided early or on time; a decided trace left in the arrival queue is skipped.</summary>
    public bool Decided { get; internal set; }

    public int SpanCount { get; private set; }

    public ReadOnlySpan<SpanRef> Spans => _spans.AsSpan(0, SpanCount);

    /// <summary>Earliest start to latest end over all spans, as the collector's latency policy measures a trace.</summary>
    public long DurationNano()
    {
        if (SpanCount == 0) return 0;
        long min = long.MaxValue, max = long.MinValue;
        foreach (var s in Spans)
        {
            ref var span = ref s.Span;
            if (span.StartUnixNano < min) min = span.StartUnixNano;
            if (span.EndUnixNano > max) max = span.EndUnixNano;
        }
        return Math.Max(0, max - min);
    }

    internal void Start(string tenant, TraceId traceId, long arrivedMs)
    {
        Tenant = tenant;
        TraceId = traceId;
        ArrivedMs = arrivedMs;
        Decided = false;
        SpanCount = 0;
    }

    internal void Add(SpanBatch batch, int row)
    {
        if (SpanCount == _spans.Length) Array.Resize(ref _spans, _spans.Length * 2);
        _spans[SpanCount++] = new SpanRef(batch, row);
    }

    /// <summary>Drops the batch references so a reused instance does not keep batches alive.</summary>
    internal void Release()
    {
        Array.Clear(_spans, 0, SpanCount);
        SpanCount = 0;
        Tenant = "";
    }
}
