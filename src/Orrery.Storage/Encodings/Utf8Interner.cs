using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Orrery.Storage.Encodings;

/// <summary>
/// Assigns dense ids (0, 1, 2, …) to distinct byte strings, in order of first appearance, without
/// an object per string: bytes go to one buffer, the table is open-addressed over (hash, id).
/// </summary>
/// <remarks>
/// Block writing interns every string of every span, so this is a hot path: the hash reads 8
/// bytes at a time, and a slot keeps hash and id side by side so a probe touches one cache line
/// before the (rare on a miss) byte comparison.
/// </remarks>
public sealed class Utf8Interner
{
    private readonly ByteBuffer _bytes = new(4096);
    private int[] _offsets = new int[64];
    private int _count;
    private ulong[] _slots = new ulong[64];     // hash << 32 | (id + 1); 0 = empty

    public int Count => _count;

    public ReadOnlySpan<byte> this[int id] => _bytes.Written[_offsets[id].._offsets[id + 1]];

    /// <summary>The id of <paramref name="value"/>, adding it when new.</summary>
    public int Intern(ReadOnlySpan<byte> value)
    {
        var hash = Hash(value);
        var mask = _slots.Length - 1;
        var i = (int)hash & mask;
        while (true)
        {
            var slot = _slots[i];
            if (slot == 0) break;
            if ((uint)(slot >> 32) == hash && Matches((int)(uint)slot - 1, value)) return (int)(uint)slot - 1;
            i = (i + 1) & mask;
        }
        var id = _count;
        _bytes.Write(value);
        if (id + 2 > _offsets.Length) Array.Resize(ref _offsets, _offsets.Length * 2);
        _offsets[id + 1] = _bytes.Length;
        _count++;
        _slots[i] = ((ulong)hash << 32) | (uint)(id + 1);
        if (_count * 2 > _slots.Length) Rehash();
        return id;
    }

    /// <summary>The id of <paramref name="value"/>, or -1 when it was never interned.</summary>
    public int Find(ReadOnlySpan<byte> value)
    {
        var hash = Hash(value);
        var mask = _slots.Length - 1;
        var i = (int)hash & mask;
        while (true)
        {
            var slot = _slots[i];
            if (slot == 0) return -1;
            if ((uint)(slot >> 32) == hash && Matches((int)(uint)slot - 1, value)) return (int)(uint)slot - 1;
            i = (i + 1) & mask;
        }
    }

    private bool Matches(int id, ReadOnlySpan<byte> value)
    {
        var start = _offsets[id];
        return _offsets[id + 1] - start == value.Length && _bytes.Written.Slice(start, value.Length).SequenceEqual(value);
    }

    private void Rehash()
    {
        var slots = new ulong[_slots.Length * 2];
        var mask = slots.Length - 1;
        foreach (var slot in _slots)
        {
            if (slot == 0) continue;
            var i = (int)(slot >> 32) & mask;
            while (slots[i] != 0) i = (i + 1) & mask;
            slots[i] = slot;
        }
        _slots = slots;
    }

    /// <summary>
    /// A multiply-rotate hash over 8-byte words (the tail read as one overlapping word), finished
    /// with a murmur-style mix so the low bits, which pick the slot, depend on every byte. Not
    /// collision resistant: the table compares bytes, and its inputs are the writer's own data.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(ReadOnlySpan<byte> value)
    {
        const ulong Prime = 0x9E3779B97F4A7C15;
        var h = (ulong)value.Length * Prime;
        var i = 0;
        for (; i + 8 <= value.Length; i += 8)
        {
            h = BitOperations.RotateLeft((h ^ BinaryPrimitives.ReadUInt64LittleEndian(value[i..])) * Prime, 29);
        }
        if (i < value.Length)
        {
            ulong tail;
            if (value.Length >= 8) tail = BinaryPrimitives.ReadUInt64LittleEndian(value[^8..]);
            else
            {
                tail = 0;
                for (var j = i; j < value.Length; j++) tail = (tail << 8) | value[j];
            }
            h = BitOperations.RotateLeft((h ^ tail) * Prime, 29);
        }
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCD;
        h ^= h >> 33;
        return (uint)h;
    }
}
