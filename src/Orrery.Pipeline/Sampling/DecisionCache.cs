using Orrery.Signals;

namespace Orrery.Pipeline.Sampling;

/// <summary>
/// Remembers the last <c>capacity</c> trace ids given to it, first in first out, so late spans
/// of a decided trace follow the decision after the trace's spans are gone. Not thread-safe.
/// </summary>
internal sealed class DecisionCache
{
    private readonly Dictionary<TraceKey, int> _slots;
    private readonly TraceKey[] _ring;
    private int _next;
    private int _count;

    public DecisionCache(int capacity)
    {
        _ring = new TraceKey[Math.Max(0, capacity)];
        _slots = new Dictionary<TraceKey, int>(Math.Min(capacity, 1 << 16), TraceKeyComparer.Instance);
    }

    public int Count => _count;

    public bool Contains(in TraceKey key) => _slots.ContainsKey(key);

    public void Add(in TraceKey key)
    {
        if (_ring.Length == 0 || _slots.ContainsKey(key)) return;
        if (_count == _ring.Length)
        {
            // The slot's key may have been removed and added again elsewhere in the ring.
            var old = _ring[_next];
            if (_slots.TryGetValue(old, out var slot) && slot == _next) _slots.Remove(old);
        }
        else
        {
            _count++;
        }
        _ring[_next] = key;
        _slots[key] = _next;
        _next = (_next + 1) % _ring.Length;
    }

    public void Remove(in TraceKey key)
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
