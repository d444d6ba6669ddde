using Orrery.Signals;

namespace Orrery.Pipeline.Sampling;

/// <summary>
/// Remembers the last <c>capacity</c> trace ids given to it, first in first out, so late spans
/// of a decided trace follow the decision after the trace's spans are gone. Keys hold no
/// reference (the tenant is the sampler's number for it): a cache of millions of ids costs the
/// garbage collector nothing. Not thread-safe.
/// </summary>
/// <remarks>
/// The ring grows as ids arrive, up to the capacity, instead of being allocated whole: the
/// default capacity is twice num_traces, and a ring of 2,000,000 ids (num_traces 1,000,000) is
/// 46 MiB of heap per cache that an idle process would hold from its start, and a memory limiter
/// counts, before a single trace was decided.
/// </remarks>
internal sealed class DecisionCache
{
    private const int InitialRing = 1024;

    private readonly int _capacity;
    private readonly Dictionary<TenantTrace, int> _slots;
    private TenantTrace[] _ring;
    private int _next;
    private int _count;

    public DecisionCache(int capacity)
    {
        _capacity = Math.Max(0, capacity);
        _ring = new TenantTrace[Math.Min(_capacity, InitialRing)];
        _slots = new Dictionary<TenantTrace, int>(_ring.Length, TenantTraceComparer.Instance);
    }

    public int Count => _count;

    /// <summary>Ids the ring has room for now (grows up to the capacity).</summary>
    internal int RingLength => _ring.Length;

    public bool Contains(in TenantTrace key) => _slots.ContainsKey(key);

    public void Add(in TenantTrace key)
    {
        if (_capacity == 0 || _slots.ContainsKey(key)) return;
        if (_count == _capacity)
        {
            // The slot's key may have been removed and added again elsewhere in the ring.
            var old = _ring[_next];
            if (_slots.TryGetValue(old, out var slot) && slot == _next) _slots.Remove(old);
        }
        else
        {
            // Until the ring is full it has not wrapped: slots 0.._count-1 are in use, _next == _count.
            if (_count == _ring.Length) Array.Resize(ref _ring, (int)Math.Min(_capacity, 2L * _ring.Length));
            _count++;
        }
        _ring[_next] = key;
        _slots[key] = _next;
        _next = (_next + 1) % _capacity;
    }

    public void Remove(in TenantTrace key)
    {
        // Leaves the ring slot: when it is recycled, removing a missing key is a no-op.
        _slots.Remove(key);
    }
}

/// <summary>A trace of a tenant. Tenants are few and usually the same string instance.</summary>
public readonly record struct TraceKey(string Tenant, TraceId TraceId);

internal sealed class TraceKeyComparer : IEqualityComparer<TraceKey>
{
    public static readonly TraceKeyComparer Instance = new();

    public bool Equals(TraceKey x, TraceKey y) =>
        x.TraceId == y.TraceId && (ReferenceEquals(x.Tenant, y.Tenant) || string.Equals(x.Tenant, y.Tenant, StringComparison.Ordinal));

    // Trace ids are random: their low bits are a good hash already; the tenant rarely differs.
    public int GetHashCode(TraceKey key) => (int)key.TraceId.Low ^ (int)(key.TraceId.High >> 32);
}
