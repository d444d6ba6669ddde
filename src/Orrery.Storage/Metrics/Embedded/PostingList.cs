using System.Runtime.CompilerServices;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// A growable sorted list of series ids, compressed: the first id and the gaps between ids as
/// varints (ids are assigned in increasing order, so most gaps take one byte), and a list of one
/// id holds no array at all. About 1–2 bytes an id against 4–8 for an int array, and no object
/// per list: a mutable struct, kept in the postings' dictionaries and changed through refs.
/// Adding a newer id is an append; only replay can bring an older one, which re-encodes the list.
/// </summary>
internal struct PostingList
{
    private const int MaxVarIntBytes = 5;

    private byte[]? _bytes;
    private int _length;
    private int _last;

    public int Count { get; private set; }

    /// <summary>Bytes held (the memory breakdown and tests).</summary>
    public readonly int CapacityBytes => _bytes?.Length ?? 0;

    public void Add(int id)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        if (Count == 0)
        {
            _last = id;
            Count = 1;
            return;
        }
        if (id <= _last)
        {
            if (id < _last) Insert(id);
            return;
        }
        if (Count == 1)
        {
            // The first id moves from _last into the bytes.
            _bytes = new byte[2 * MaxVarIntBytes];
            _length = Write(_bytes, 0, (uint)_last);
        }
        else if (_length + MaxVarIntBytes > _bytes!.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_length + MaxVarIntBytes, _bytes.Length + (_bytes.Length >> 1)));
        }
        _length = Write(_bytes, _length, (uint)(id - _last));
        _last = id;
        Count++;
    }

    /// <summary>Drops the ids in <paramref name="removed"/>, keeping order.</summary>
    public void RemoveAll(IReadOnlySet<int> removed)
    {
        var ids = ToArray();
        var kept = 0;
        foreach (var id in ids)
        {
            if (!removed.Contains(id)) ids[kept++] = id;
        }
        if (kept != ids.Length) Encode(ids.AsSpan(0, kept));
    }

    public readonly int[] ToArray()
    {
        var ids = new int[Count];
        CopyTo(ids);
        return ids;
    }

    public readonly void CopyTo(Span<int> destination)
    {
        if (Count == 0) return;
        if (Count == 1)
        {
            destination[0] = _last;
            return;
        }
        var bytes = _bytes!;
        var at = 0;
        var id = 0;
        for (var i = 0; i < Count; i++)
        {
            id += (int)Read(bytes, ref at);
            destination[i] = id;
        }
    }

    private void Insert(int id)
    {
        var ids = ToArray();
        var at = Array.BinarySearch(ids, id);
        if (at >= 0) return;
        at = ~at;
        var grown = new int[ids.Length + 1];
        ids.AsSpan(0, at).CopyTo(grown);
        grown[at] = id;
        ids.AsSpan(at).CopyTo(grown.AsSpan(at + 1));
        Encode(grown);
    }

    /// <summary>Replaces the list with <paramref name="ids"/> (ascending), sized exactly plus room for a few appends.</summary>
    private void Encode(ReadOnlySpan<int> ids)
    {
        Count = ids.Length;
        _length = 0;
        if (ids.Length <= 1)
        {
            _bytes = null;
            _last = ids.Length == 1 ? ids[0] : 0;
            return;
        }
        var size = 0;
        var previous = 0;
        foreach (var id in ids)
        {
            size += VarInt.Length((uint)(id - previous));
            previous = id;
        }
        _bytes = new byte[size + MaxVarIntBytes];
        previous = 0;
        foreach (var id in ids)
        {
            _length = Write(_bytes, _length, (uint)(id - previous));
            previous = id;
        }
        _last = previous;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Write(byte[] bytes, int at, uint value) => at + VarInt.Write(bytes.AsSpan(at), value);

    private static uint Read(byte[] bytes, ref int at)
    {
        uint value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[at++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }
}
