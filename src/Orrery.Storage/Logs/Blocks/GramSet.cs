using System.Numerics;

namespace Orrery.Storage.Logs.Blocks;

/// <summary>
/// The distinct 4-byte windows of a chunk, so its bloom filter is sized by distinct keys and
/// each key is hashed into it once. Open addressing over <see cref="uint"/> (0 marks an empty
/// slot: a window of word bytes is never 0); reused across chunks via <see cref="Clear"/>.
/// </summary>
public sealed class GramSet
{
    private uint[] _slots;
    private int _count;
    private int _mask;

    public GramSet(int initialCapacity = 1 << 14)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, initialCapacity * 2));
        _slots = new uint[size];
        _mask = size - 1;
    }

    public int Count => _count;

    public void Add(uint gram)
    {
        // Fibonacci hashing: the top bits of gram * 2^32/φ spread neighbouring windows apart.
        var i = (int)((gram * 2654435769u) >> 7) & _mask;
        while (true)
        {
            var slot = _slots[i];
            if (slot == gram) return;
            if (slot == 0) break;
            i = (i + 1) & _mask;
        }
        _slots[i] = gram;
        if (++_count * 2 > _slots.Length) Grow();
    }

    public void Clear()
    {
        if (_count == 0) return;
        Array.Clear(_slots);
        _count = 0;
    }

    public void CopyTo(List<uint> destination)
    {
        foreach (var g in _slots)
        {
            if (g != 0) destination.Add(g);
        }
    }

    /// <summary>Adds every distinct window to <paramref name="bloom"/> (by <see cref="LineGrams.Key"/>).</summary>
    public void AddTo(Encodings.BloomFilter bloom)
    {
        foreach (var g in _slots)
        {
            if (g != 0) bloom.Add(LineGrams.Key(g));
        }
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new uint[old.Length * 2];
        _mask = _slots.Length - 1;
        _count = 0;
        foreach (var g in old)
        {
            if (g != 0) Add(g);
        }
    }
}
