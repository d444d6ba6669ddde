using System.Numerics;

namespace Orrery.Storage.Logs.Blocks;

/// <summary>
/// The distinct id-filter keys of a chunk (<see cref="IdTokens"/>), so its filter is sized by
/// distinct keys. Open addressing over mixed 64-bit keys (0 marks an empty slot; keys are never
/// 0); reused across chunks via <see cref="Clear"/>.
/// </summary>
public sealed class IdKeySet
{
    private ulong[] _slots;
    private int _count;
    private int _mask;

    public IdKeySet(int initialCapacity = 1 << 12)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, initialCapacity * 2));
        _slots = new ulong[size];
        _mask = size - 1;
    }

    public int Count => _count;

    public void Add(ulong key)
    {
        var i = (int)(key >> 40) & _mask;
        while (true)
        {
            var slot = _slots[i];
            if (slot == key) return;
            if (slot == 0) break;
            i = (i + 1) & _mask;
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

    public void CopyTo(List<ulong> destination)
    {
        foreach (var k in _slots)
        {
            if (k != 0) destination.Add(k);
        }
    }

    /// <summary>Adds every key to <paramref name="bloom"/>.</summary>
    public void AddTo(Encodings.BloomFilter bloom)
    {
        foreach (var k in _slots)
        {
            if (k != 0) bloom.Add(k);
        }
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new ulong[old.Length * 2];
        _mask = _slots.Length - 1;
        _count = 0;
        foreach (var k in old)
        {
            if (k != 0) Add(k);
        }
    }
}
