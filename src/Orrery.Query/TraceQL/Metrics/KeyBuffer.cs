using System.Buffers.Binary;
using Orrery.Query.TraceQL.Syntax;

namespace Orrery.Query.TraceQL.Metrics;

/// <summary>
/// A reusable byte buffer that encodes a tuple of field values into a key: per value one type byte,
/// then 8 bytes for numbers or a 4-byte length and the UTF-8 bytes for text. Equal tuples give
/// equal bytes, so the key can find a series through <see cref="KeyedTable{TValue}"/> without
/// allocating a key object per span.
/// </summary>
public sealed class KeyBuffer
{
    private byte[] _bytes = new byte[64];
    private int _length;

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, _length);

    public int Length => _length;

    public void Clear() => _length = 0;

    /// <summary>Drops everything after <paramref name="length"/> (to reuse a common prefix).</summary>
    public void Truncate(int length) => _length = length;

    public void Append(in FieldValue value)
    {
        switch (value.Type)
        {
            case StaticType.String:
                var span = Reserve(5 + value.Text.Length);
                span[0] = (byte)StaticType.String;
                BinaryPrimitives.WriteInt32LittleEndian(span[1..], value.Text.Length);
                value.Text.CopyTo(span[5..]);
                return;
            case StaticType.Float:
                AppendScalar(StaticType.Float, BitConverter.DoubleToInt64Bits(value.Float));
                return;
            case StaticType.Nil:
                Reserve(1)[0] = (byte)StaticType.Nil;
                return;
            default:
                AppendScalar(value.Type, value.Int);
                return;
        }
    }

    public void AppendDouble(double value) => AppendScalar(StaticType.Float, BitConverter.DoubleToInt64Bits(value));

    public void AppendBytes(ReadOnlySpan<byte> bytes)
    {
        var span = Reserve(4 + bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, bytes.Length);
        bytes.CopyTo(span[4..]);
    }

    public void AppendByte(byte value) => Reserve(1)[0] = value;

    private void AppendScalar(StaticType type, long scalar)
    {
        var span = Reserve(9);
        span[0] = (byte)type;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], scalar);
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + count));
        var span = _bytes.AsSpan(_length, count);
        _length += count;
        return span;
    }
}

/// <summary>
/// A hash table keyed by encoded tuples and found from a span of bytes, so a hit allocates nothing.
/// Hand-rolled (chained buckets over arrays, a word-at-a-time hash) because the per-span lookup is
/// the hot path of every metrics aggregation: Dictionary's alternate-key lookup measured ~10x slower.
/// </summary>
public sealed class KeyedTable<TValue>
    where TValue : class
{
    private int[] _buckets = new int[16];
    private Entry[] _entries = new Entry[16];
    private int _count;

    public int Count => _count;

    public IEnumerable<TValue> Values
    {
        get
        {
            for (var i = 0; i < _count; i++) yield return _entries[i].Value;
        }
    }

    public TValue? Find(ReadOnlySpan<byte> key)
    {
        var hash = Hash(key);
        for (var i = _buckets[hash & (_buckets.Length - 1)] - 1; i >= 0; i = _entries[i].Next)
        {
            ref var entry = ref _entries[i];
            if (entry.Hash == hash && key.SequenceEqual(entry.Key)) return entry.Value;
        }
        return null;
    }

    /// <summary>Adds a key that is not in the table (callers <see cref="Find"/> first); copies the key.</summary>
    public void Add(ReadOnlySpan<byte> key, TValue value)
    {
        if (_count == _entries.Length) Grow();
        var hash = Hash(key);
        ref var bucket = ref _buckets[hash & (_buckets.Length - 1)];
        _entries[_count] = new Entry { Hash = hash, Key = key.ToArray(), Value = value, Next = bucket - 1 };
        bucket = ++_count;
    }

    private void Grow()
    {
        Array.Resize(ref _entries, _entries.Length * 2);
        _buckets = new int[_entries.Length];
        for (var i = 0; i < _count; i++)
        {
            ref var bucket = ref _buckets[_entries[i].Hash & (_buckets.Length - 1)];
            _entries[i].Next = bucket - 1;
            bucket = i + 1;
        }
    }

    /// <summary>FNV-1a over 8-byte words, then a 64-bit finalizer so every bit reaches the bucket index.</summary>
    private static int Hash(ReadOnlySpan<byte> key)
    {
        var hash = 14695981039346656037UL;
        while (key.Length >= 8)
        {
            hash = (hash ^ BinaryPrimitives.ReadUInt64LittleEndian(key)) * 1099511628211UL;
            key = key[8..];
        }
        foreach (var b in key) hash = (hash ^ b) * 1099511628211UL;
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return (int)hash & int.MaxValue;
    }

    private struct Entry
    {
        public int Hash;
        public int Next;
        public byte[] Key;
        public TValue Value;
    }
}
