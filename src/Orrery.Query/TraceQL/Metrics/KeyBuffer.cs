using System.Buffers.Binary;
using Orrery.Query.TraceQL.Syntax;

namespace Orrery.Query.TraceQL.Metrics;

/// <summary>
/// A reusable byte buffer that encodes a tuple of field values into a key: per value one type byte,
/// then 8 bytes for numbers or a 4-byte length and the UTF-8 bytes for text. Equal tuples give
/// equal bytes, so the key can find a series through <see cref="ByteKeyComparer"/> without
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

/// <summary>Byte-array keys compared by content, looked up by a span so a hit allocates nothing.</summary>
public sealed class ByteKeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static ByteKeyComparer Instance { get; } = new();

    public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] obj) => GetHashCode(obj.AsSpan());

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate)
    {
        var hash = new HashCode();
        hash.AddBytes(alternate);
        return hash.ToHashCode();
    }

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
}

/// <summary>A dictionary keyed by encoded tuples, found from a <see cref="KeyBuffer"/> without allocating.</summary>
public sealed class KeyedTable<TValue>
    where TValue : class
{
    private readonly Dictionary<byte[], TValue> _items = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], TValue>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public KeyedTable() => _lookup = _items.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Count => _items.Count;

    public IEnumerable<TValue> Values => _items.Values;

    public TValue? Find(ReadOnlySpan<byte> key) => _lookup.TryGetValue(key, out var value) ? value : null;

    public void Add(ReadOnlySpan<byte> key, TValue value) => _lookup[key] = value;
}
