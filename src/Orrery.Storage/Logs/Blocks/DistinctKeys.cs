using System.Numerics;

namespace Orrery.Storage.Logs.Blocks;

/// <summary>
/// The distinct non-zero keys of a chunk, so its filters are sized by distinct keys and each key
/// is hashed into a filter once. Open addressing with Fibonacci hashing (0 marks an empty slot, so
/// keys are never 0); reused across chunks via <see cref="Clear"/>.
/// </summary>
public class DistinctKeys<T>
    where T : unmanaged, IBinaryInteger<T>
{
    private T[] _slots;
    private int _count;
    private int _shift;

    public DistinctKeys(int initialCapacity)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, initialCapacity * 2));
        _slots = new T[size];
        _shift = 64 - BitOperations.Log2((uint)size);
    }

    public int Count => _count;

    public void Add(T key)
    {
        var mask = _slots.Length - 1;
        // Fibonacci hashing: the top bits of key * 2^64/φ spread neighbouring keys apart.
        var i = (int)((ulong.CreateTruncating(key) * 0x9E3779B97F4A7C15UL) >> _shift);
        while (true)
        {
            var slot = _slots[i];
            if (slot == key) return;
            if (slot == T.Zero) break;
            i = (i + 1) & mask;
        }
        _slots[i] = key;
        if (++_count * 2 > _slots.Length) Grow();
    }

    public void Clear()
    {
        if (_count == 0) return;
        Array.Clear(_slots);
        _count = 0;
    }

    public void CopyTo(List<T> destination)
    {
        foreach (var k in _slots)
        {
            if (k != T.Zero) destination.Add(k);
        }
    }

    /// <summary>Adds every key to <paramref name="bloom"/>, as <see cref="BloomKey"/> maps it.</summary>
    public void AddTo(Encodings.BloomFilter bloom)
    {
        foreach (var k in _slots)
        {
            if (k != T.Zero) bloom.Add(BloomKey(k));
        }
    }

    /// <summary>The key a filter takes for <paramref name="key"/>; <see cref="Encodings.BloomFilter"/> wants well-mixed keys.</summary>
    protected virtual ulong BloomKey(T key) => ulong.CreateTruncating(key);

    private void Grow()
    {
        var old = _slots;
        _slots = new T[old.Length * 2];
        _shift--;
        _count = 0;
        foreach (var k in old)
        {
            if (k != T.Zero) Add(k);
        }
    }
}
