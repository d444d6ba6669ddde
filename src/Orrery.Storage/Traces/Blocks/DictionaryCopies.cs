using Orrery.Signals;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// Where each dictionary string already copied into the current batch sits, kept from batch to
/// batch: a dictionary holds tens of thousands of strings, and a fresh table per decoded page
/// (hundreds of KB, on the large object heap) cost more than decoding the few traces a search
/// takes from it. Each slot is stamped with the batch it belongs to, so starting a new batch is
/// one increment, not a clear.
/// </summary>
internal sealed class DictionaryCopies
{
    private readonly Utf8Ref[] _slots;
    private readonly int[] _batchOf;

    // Never 0, the stamp of a slot not yet written: a table is valid before its first NextBatch too.
    private int _batch = 1;

    public DictionaryCopies(int count)
    {
        _slots = new Utf8Ref[count];
        _batchOf = new int[count];
    }

    public int Count => _slots.Length;

    /// <summary>Forgets every copy: the next batch starts empty.</summary>
    public void NextBatch()
    {
        if (++_batch == int.MaxValue)
        {
            Array.Clear(_batchOf);
            _batch = 1;
        }
    }

    /// <summary>The copy of string <paramref name="id"/> in the current batch, made with <paramref name="copy"/> on first use.</summary>
    public Utf8Ref Get<TState>(int id, TState state, Func<TState, int, Utf8Ref> copy)
    {
        if ((uint)id >= (uint)_slots.Length) throw new InvalidDataException($"dictionary id {id} out of range");
        if (_batchOf[id] == _batch) return _slots[id];
        var r = copy(state, id);
        _slots[id] = r;
        _batchOf[id] = _batch;
        return r;
    }
}
