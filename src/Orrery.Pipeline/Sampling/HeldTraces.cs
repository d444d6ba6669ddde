using Orrery.Signals;

namespace Orrery.Pipeline.Sampling;

/// <summary>
/// The undecided traces of a tail sampler as tables of plain structs: a ring of trace slots in
/// arrival order (traces are decided oldest first, on time or early, so a slot is always freed
/// at the ring's head), each trace's spans as a chain of (held batch, row) links, and one index
/// from (tenant, trace id) to the slot. Buffering a span costs one 12-byte link and no object;
/// the arrays hold no references, so the garbage collector neither scans nor copies them (large
/// ones live on the large object heap), and a run that holds every trace for the decision wait
/// leaves it nothing to promote but the held batches themselves. Links and ring slots live in
/// fixed chunks: growing adds a chunk and never copies, and the ring's head hands the chunk it
/// has passed to its tail, so a count that swings with each decision round reuses its chunks
/// instead of doubling and halving one array (31 B/span allocated at 1M spans before). Not
/// thread-safe: the processor's lock guards it.
/// </summary>
internal sealed class HeldTraces
{
    // 4,096 slots of 40 bytes: each ring chunk lands on the large object heap too.
    private const int SlotChunkBits = 12;
    private const int SlotChunkLength = 1 << SlotChunkBits;
    // 8,192 links of 12 bytes: each chunk lands on the large object heap, which is never compacted.
    private const int ChunkBits = 13;
    private const int ChunkLinks = 1 << ChunkBits;
    private const int End = -1;

    private readonly Dictionary<TenantTrace, long> _index = new(TenantTraceComparer.Instance);
    // The ring: chunk i holds the slots of sequence numbers (_firstSlotChunk + i) << SlotChunkBits onwards.
    private Slot[][] _slotChunks = [new Slot[SlotChunkLength], null!, null!, null!];
    private int _slotChunksUsed = 1;
    private long _firstSlotChunk;
    // The chunk the head last passed, for the tail's next one.
    private Slot[]? _spareSlots;
    private long _head;
    private long _tail;
    private Link[][] _chunks = [new Link[ChunkLinks]];
    private int _chunksUsed = 1;
    private int _linksUsed;
    private int _freeLink = End;

    /// <summary>Undecided traces held.</summary>
    public int Count => (int)(_tail - _head);

    /// <summary>Span links allocated (tests: the arrays are let go once nothing is held).</summary>
    public int LinkCapacity => _chunksUsed * ChunkLinks;

    /// <summary>Trace slots allocated.</summary>
    public int SlotCapacity => _slotChunksUsed * SlotChunkLength;

    /// <summary>The slot sequence number of a held trace.</summary>
    public bool TryFind(int tenant, TraceId traceId, out long trace) => _index.TryGetValue(new TenantTrace(tenant, traceId), out trace);

    public bool Contains(int tenant, TraceId traceId) => _index.ContainsKey(new TenantTrace(tenant, traceId));

    /// <summary>Starts a trace at the ring's tail; returns its sequence number.</summary>
    public long Start(int tenant, TraceId traceId, long arrivedMs)
    {
        var trace = _tail++;
        if ((trace >> SlotChunkBits) - _firstSlotChunk == _slotChunksUsed) AddSlotChunk();
        SlotRef(trace) = new Slot { TraceId = traceId, Tenant = tenant, ArrivedMs = arrivedMs, First = End, Last = End };
        _index.Add(new TenantTrace(tenant, traceId), trace);
        return trace;
    }

    /// <summary>Appends one span (row <paramref name="row"/> of held batch <paramref name="holder"/>) to a trace's chain.</summary>
    public void AddSpan(long trace, int holder, int row)
    {
        var link = NewLink();
        LinkRef(link) = new Link { Holder = holder, Row = row, Next = End };
        ref var slot = ref SlotRef(trace);
        if (slot.Last == End) slot.First = link;
        else LinkRef(slot.Last).Next = link;
        slot.Last = link;
        slot.SpanCount++;
    }

    /// <summary>The oldest undecided trace, if any.</summary>
    public bool TryPeekOldest(out long trace, out long arrivedMs)
    {
        trace = _head;
        arrivedMs = 0;
        if (_head == _tail) return false;
        arrivedMs = SlotRef(_head).ArrivedMs;
        return true;
    }

    public ref readonly Slot this[long trace] => ref SlotRef(trace);

    /// <summary>The span links of a trace, first to last; walk with <see cref="NextOf"/> until it is negative.</summary>
    public int FirstSpan(long trace) => SlotRef(trace).First;

    public int NextOf(int link) => LinkRef(link).Next;

    public ref readonly Link LinkAt(int link) => ref LinkRef(link);

    /// <summary>Removes the oldest trace (it has been decided) and frees its span chain.</summary>
    public void RemoveOldest()
    {
        ref var slot = ref SlotRef(_head);
        _index.Remove(new TenantTrace(slot.Tenant, slot.TraceId));
        if (slot.First != End)
        {
            // The whole chain goes back to the free list in one step.
            LinkRef(slot.Last).Next = _freeLink;
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
            // Head and tail share the one chunk left (the tail's next chunk is added only by a
            // start), and it holds only freed slots: it becomes chunk 0 again.
            _firstSlotChunk = 0;
            _spareSlots = null;
            if (_chunksUsed > 1)
            {
                _chunks = [_chunks[0]];
                _chunksUsed = 1;
            }
        }
        else if ((_head & (SlotChunkLength - 1)) == 0)
        {
            // The head left its chunk: every slot in it is free, and the tail will want one.
            _spareSlots = _slotChunks[0];
            Array.Copy(_slotChunks, 1, _slotChunks, 0, _slotChunksUsed - 1);
            _slotChunks[--_slotChunksUsed] = null!;
            _firstSlotChunk++;
        }
    }

    private void AddSlotChunk()
    {
        if (_slotChunksUsed == _slotChunks.Length) Array.Resize(ref _slotChunks, _slotChunks.Length * 2);
        _slotChunks[_slotChunksUsed++] = _spareSlots ?? new Slot[SlotChunkLength];
        _spareSlots = null;
    }

    private int NewLink()
    {
        if (_freeLink != End)
        {
            var free = _freeLink;
            _freeLink = LinkRef(free).Next;
            return free;
        }
        if (_linksUsed == _chunksUsed * ChunkLinks)
        {
            if (_chunksUsed == _chunks.Length) Array.Resize(ref _chunks, _chunks.Length * 2);
            _chunks[_chunksUsed++] = new Link[ChunkLinks];
        }
        return _linksUsed++;
    }

    private ref Link LinkRef(int link) => ref _chunks[link >> ChunkBits][link & (ChunkLinks - 1)];

    private ref Slot SlotRef(long trace) => ref _slotChunks[(int)((trace >> SlotChunkBits) - _firstSlotChunk)][trace & (SlotChunkLength - 1)];

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
}
