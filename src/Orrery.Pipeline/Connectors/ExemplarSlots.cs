using Orrery.Pipeline.Sampling;
using Orrery.Signals;

namespace Orrery.Pipeline.Connectors;

/// <summary>
/// Exemplar candidates of one histogram, a few per bucket, that become exemplars only once the
/// tail sampler has kept their trace ("exemplars always resolve"). Spans are seen before the
/// sampler decides, so a candidate waits in its slot: <see cref="Resolve"/> (every second)
/// frees slots of dropped traces for new candidates and freezes slots of kept ones until the
/// next flush emits them. A slot is filled only when free, so the hot path never asks the sampler.
/// </summary>
internal sealed class ExemplarSlots(int buckets, int perBucket)
{
    private const byte Free = 0, Pending = 1, Kept = 2;

    private readonly Candidate[] _slots = new Candidate[buckets * perBucket];

    public int PerBucket => perBucket;

    public void Offer(int bucket, TraceId traceId, SpanId spanId, double value, long timestampMs)
    {
        var slots = _slots.AsSpan(bucket * perBucket, perBucket);
        for (var i = 0; i < slots.Length; i++)
        {
            if (slots[i].State != Free) continue;
            slots[i] = new Candidate { TraceId = traceId, SpanId = spanId, Value = value, TimestampMs = timestampMs, State = Pending };
            return;
        }
    }

    public void Resolve(string tenant, ITraceDecisions decisions)
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            ref var slot = ref _slots[i];
            if (slot.State != Pending) continue;
            switch (decisions.IsKept(tenant, slot.TraceId))
            {
                case true: slot.State = Kept; break;
                case false: slot.State = Free; break;
            }
        }
    }

    /// <summary>Calls <paramref name="emit"/> with the kept candidates of a bucket, newest first, at most <paramref name="max"/>; frees the kept slots.</summary>
    public void TakeKept<TState>(int bucket, int max, TState state, Action<TState, Candidate> emit)
    {
        var slots = _slots.AsSpan(bucket * perBucket, perBucket);
        for (var n = 0; n < max; n++)
        {
            var newest = -1;
            for (var i = 0; i < slots.Length; i++)
            {
                if (slots[i].State == Kept && (newest < 0 || slots[i].TimestampMs > slots[newest].TimestampMs)) newest = i;
            }
            if (newest < 0) break;
            emit(state, slots[newest]);
            slots[newest].State = Free;
        }
        for (var i = 0; i < slots.Length; i++)
        {
            if (slots[i].State == Kept) slots[i].State = Free;
        }
    }

    internal struct Candidate
    {
        public TraceId TraceId;
        public SpanId SpanId;
        public double Value;
        public long TimestampMs;
        public byte State;
    }
}
