namespace Orrery.Storage.Encodings;

/// <summary>
/// Assigns dense ids (0, 1, 2, …) to distinct byte strings, in order of first appearance, without
/// an object per string: bytes go to one buffer, the table is open-addressed over (hash, id).
/// </summary>
public sealed class Utf8Interner
{
    private readonly ByteBuffer _bytes = new(4096);
    private readonly List<int> _offsets = [0];
    private int[] _slots = new int[64];     // id + 1; 0 = empty
    private int[] _hashes = new int[64];

    public int Count => _offsets.Count - 1;

    public ReadOnlySpan<byte> this[int id] => _bytes.Written[_offsets[id].._offsets[id + 1]];

    /// <summary>The id of <paramref name="value"/>, adding it when new.</summary>
    public int Intern(ReadOnlySpan<byte> value)
    {
        var hash = Hash(value);
        var mask = _slots.Length - 1;
        var i = hash & mask;
        while (true)
        {
            var slot = _slots[i];
            if (slot == 0) break;
            if (_hashes[i] == hash && this[slot - 1].SequenceEqual(value)) return slot - 1;
            i = (i + 1) & mask;
        }
        var id = Count;
        _bytes.Write(value);
        _offsets.Add(_bytes.Length);
        _slots[i] = id + 1;
        _hashes[i] = hash;
        if (Count * 2 > _slots.Length) Rehash();
        return id;
    }

    /// <summary>The id of <paramref name="value"/>, or -1 when it was never interned.</summary>
    public int Find(ReadOnlySpan<byte> value)
    {
        var hash = Hash(value);
        var mask = _slots.Length - 1;
        var i = hash & mask;
        while (true)
        {
            var slot = _slots[i];
            if (slot == 0) return -1;
            if (_hashes[i] == hash && this[slot - 1].SequenceEqual(value)) return slot - 1;
            i = (i + 1) & mask;
        }
    }

    private void Rehash()
    {
        var slots = new int[_slots.Length * 2];
        var hashes = new int[slots.Length];
        var mask = slots.Length - 1;
        for (var j = 0; j < _slots.Length; j++)
        {
            if (_slots[j] == 0) continue;
            var i = _hashes[j] & mask;
            while (slots[i] != 0) i = (i + 1) & mask;
            slots[i] = _slots[j];
            hashes[i] = _hashes[j];
        }
        _slots = slots;
        _hashes = hashes;
    }

    private static int Hash(ReadOnlySpan<byte> value)
    {
        var h = new HashCode();
        h.AddBytes(value);
        return h.ToHashCode() & int.MaxValue;
    }
}
