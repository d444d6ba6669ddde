using Orrery.Storage.Encodings;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>The block dictionary as read: one byte array plus offsets, strings in byte order.</summary>
internal sealed class StringTable
{
    private readonly byte[] _bytes;
    private readonly int[] _offsets;

    private StringTable(byte[] bytes, int[] offsets)
    {
        _bytes = bytes;
        _offsets = offsets;
    }

    public int Count => _offsets.Length - 1;

    public ReadOnlySpan<byte> Get(int id)
    {
        if ((uint)id >= (uint)Count) throw new InvalidDataException($"dictionary id {id} out of range (dictionary has {Count})");
        return _bytes.AsSpan(_offsets[id], _offsets[id + 1] - _offsets[id]);
    }

    public string GetString(int id) => System.Text.Encoding.UTF8.GetString(Get(id));

    /// <summary>The id of <paramref name="value"/>, or -1 when the block has no such string.</summary>
    public int Find(ReadOnlySpan<byte> value)
    {
        int lo = 0, hi = Count - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var c = Get(mid).SequenceCompareTo(value);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }

    public int Find(string value) => Find(System.Text.Encoding.UTF8.GetBytes(value));

    public static StringTable Read(ReadOnlySpan<byte> section)
    {
        var r = new ByteReader(section);
        var count = r.ReadCount();
        if (count > r.Remaining) throw new InvalidDataException("dictionary count larger than its section");
        var offsets = new int[count + 1];
        for (var i = 0; i < count; i++) offsets[i + 1] = checked(offsets[i] + r.ReadCount());
        var bytes = r.Take(offsets[count]).ToArray();
        return new StringTable(bytes, offsets);
    }
}
