using Orrery.Signals;

namespace Orrery.Pipeline.Sampling;

/// <summary>
/// The undecided traces of a tail sampler as tables of plain structs: a ring of trace slots in
/// arrival order (traces are decided oldest first, on time or early, so a slot is always freed
/// at the ring's head), each trace's spans as a chain of (held batch, row) links, and one index
/// from (tenant, trace id) to the slot. Buffering a span costs one 12-byte link and no object;
/// the arrays hold no references, so the garbage collector neither scans nor copies them (large
/// ones live on the large object heap), and a run that holds every trace for the decision wait
/// leaves it nothing to promote but the held batches themselves. Not thread-safe: the
/// processor's lock guards it.
/// </summary>
internal sealed class HeldTraces
{
    private const int InitialTraces = 1024;
    private const int InitialSpans = 8192;
    private const int End = -1;

    private readonly Dictionary<TenantTrace, long> _index = new(TenantTraceComparer.Instance);
    private Slot[] _ring = new Slot[InitialTraces];
    private long _head;
    private long _tail;
    private Link[] _links = new Link[InitialSpans];
    private int _linksUsed;
    private int _freeLink = End;

    /// <summary>Undecided traces held.</summary>
    public int Count => (int)(_tail - _head);

    /// <summary>Span links allocated (tests: the arrays are let go once nothing is held).</summary>
    public int LinkCapacity => _links.Length;

    /// <summary>Trace slots allocated.</summary>
    public int SlotCapacity => _ring.Length;

    /// <summary>The slot sequence number of a held trace.</summary>
    public bool TryFind(int tenant, TraceId traceId, out long trace) => _index.TryGetValue(new TenantTrace(tenant, traceId), out trace);

    public bool Contains(int tenant, TraceId traceId) => _index.ContainsKey(new TenantTrace(tenant, traceId));

    /// <summary>Starts a trace at the ring's tail; returns its sequence number.</summary>
    public long Start(int tenant, TraceId traceId, long arrivedMs)
    {
        if (Count == _ring.Length) Resize(_ring.Length * 2);
        var trace = _tail++;
        _ring[Index(trace)] = new Slot { TraceId = traceId, Tenant = tenant, ArrivedMs = arrivedMs, First = End, Last = End };
        _index.Add(new TenantTrace(tenant, traceId), trace);
        return trace;
    }

    /// <summary>Appends one span (row <paramref name="row"/> of held batch <paramref name="holder"/>) to a trace's chain.</summary>
    public void AddSpan(long trace, int holder, int row)
    {
        var link = NewLink();
        _links[link] = new Link { Holder = holder, Row = row, Next = End };
        ref var slot = ref _ring[Index(trace)];
        if (slot.Last == End) slot.First = link;
        else _links[slot.Last].Next = link;
        slot.Last = link;
        slot.SpanCount++;
    }

    /// <summary>The oldest undecided trace, if any.</summary>
    public bool TryPeekOldest(out long trace, out long arrivedMs)
    {
        trace = _head;
        arrivedMs = 0;
        if (_head == _tail) return false;
        arrivedMs = _ring[Index(_head)].ArrivedMs;
        return true;
    }

    public ref readonly Slot this[long trace] => ref _ring[Index(trace)];

    /// <summary>The span links of a trace, first to last; walk with <see cref="NextOf"/> until it is negative.</summary>
    public int FirstSpan(long trace) => _ring[Index(trace)].First;

    public int NextOf(int link) => _links[link].Next;

    public ref readonly Link LinkAt(int link) => ref _links[link];

    /// <summary>Removes the oldest trace (it has been decided) and frees its span chain.</summary>
    public void RemoveOldest()
    {
        ref var slot = ref _ring[Index(_head)];
        _index.Remove(new TenantTrace(slot.Tenant, slot.TraceId));
        if (slot.First != End)
        {
            // The whole chain goes back to the free list in one step.
            _links[slot.Last].Next = _freeLink;
            _freeLink = slot.First;
        }
        slot = default;
        _head++;
        if (_head == _tail)
        {
            // Nothing held: a burst's peak arrays are let go, and link numbers start afresh.
            _head = _tail = 0;
            _linksUsed = 0;
            _freeLink = End;
            if (_ring.Length > InitialTraces) _ring = new Slot[InitialTraces];
            if (_links.Length > InitialSpans) _links = new Link[InitialSpans];
        }
        else if (_ring.Length > InitialTraces && Count < _ring.Length / 4)
        {
            Resize(_ring.Length / 2);
        }
    }

    private int NewLink()
    {
        if (_freeLink != End)
        {
            var free = _freeLink;
            _freeLink = _links[free].Next;
            return free;
        }
        if (_linksUsed == _links.Length) Array.Resize(ref _links, _links.Length * 2);
        return _linksUsed++;
    }

    private int Index(long trace) => (int)(trace & (_ring.Length - 1));

    // The ring's length is a power of two; a slot's place is its sequence number modulo the length.
    private void Resize(int length)
    {
        var ring = new Slot[length];
        for (var t = _head; t < _tail; t++) ring[t & (length - 1)] = _ring[Index(t)];
        _ring = ring;
    }

    /// <summary>One undecided trace.</summary>
    internal struct Slot
    {
        public TraceId TraceId;
        public long ArrivedMs;
        public int Tenant;
        public int First;
        public int Last;
        public int SpanCount;
    }

    /// <summary>One buffered span: its row in a held batch, and the next span of the same trace.</summary>
    internal struct Link
    {
        public int Holder;
        public int Row;
        public int Next;
    }

    private readonly record struct TenantTrace(int Tenant, TraceId TraceId);

    private sealed class TenantTraceComparer : IEqualityComparer<TenantTrace>
    {
        public static readonly TenantTraceComparer Instance = new();

        public bool Equals(TenantTrace x, TenantTrace y) => x.TraceId.Low == y.TraceId.Low && x.TraceId.High == y.TraceId.High && x.Tenant == y.Tenant;

        // Trace ids are random; mixing both halves also spreads ids from generators that zero one half.
        public int GetHashCode(TenantTrace k) => (int)k.TraceId.Low ^ (int)(k.TraceId.Low >> 32) ^ (int)k.TraceId.High ^ (int)(k.TraceId.High >> 32) ^ k.Tenant;
    }
}
