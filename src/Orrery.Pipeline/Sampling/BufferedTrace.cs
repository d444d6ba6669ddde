using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Sampling;

/// <summary>One span held by reference: the batch it arrived in and its row there.</summary>
public readonly record struct SpanRef(SpanBatch Batch, int Row)
{
    public ref SpanRow Span => ref Batch.Spans[Row];
}

/// <summary>
/// The spans of one undecided trace. Spans stay in the batches they arrived in (the processor
/// owns those batches until every trace in them is decided), so buffering a span costs one
/// <see cref="SpanRef"/> and the reference to its <see cref="HeldBatch"/>, not a copy.
/// Instances are pooled by the processor.
/// </summary>
public sealed class BufferedTrace
{
    private SpanRef[] _spans = new SpanRef[8];
    private HeldBatch?[] _holders = new HeldBatch?[8];

    public string Tenant { get; private set; } = "";

    public TraceId TraceId { get; private set; }

    /// <summary>When the first span arrived (<see cref="TimeProvider.GetUtcNow"/> in ms).</summary>
    public long ArrivedMs { get; private set; }

    /// <summary>Set once decided early or on time; a decided trace left in the arrival queue is skipped.</summary>
    public bool Decided { get; internal set; }

    public int SpanCount { get; private set; }

    public ReadOnlySpan<SpanRef> Spans => _spans.AsSpan(0, SpanCount);

    /// <summary>The held batch of each span (null for spans added without one, as tests do).</summary>
    internal ReadOnlySpan<HeldBatch?> Holders => _holders.AsSpan(0, SpanCount);

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

    internal void Add(SpanBatch batch, int row) => Add(batch, null, row);

    internal void Add(HeldBatch holder, int row) => Add(holder.Batch, holder, row);

    private void Add(SpanBatch batch, HeldBatch? holder, int row)
    {
        if (SpanCount == _spans.Length)
        {
            Array.Resize(ref _spans, _spans.Length * 2);
            Array.Resize(ref _holders, _spans.Length);
        }
        _holders[SpanCount] = holder;
        _spans[SpanCount++] = new SpanRef(batch, row);
    }

    /// <summary>Drops the batch references so a pooled instance does not keep batches alive.</summary>
    internal void Release()
    {
        Array.Clear(_spans, 0, SpanCount);
        Array.Clear(_holders, 0, SpanCount);
        SpanCount = 0;
        Tenant = "";
    }
}
