namespace Orrery.Pipeline.Connectors;

/// <summary>
/// Compares series keys (the label values of a series, encoded into bytes) and lets a dictionary
/// be probed with the key still in a reused buffer: a span of an existing series costs a hash and
/// a comparison, no allocation. Only a new series copies its key into an array.
/// </summary>
internal sealed class ByteKeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly ByteKeyComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] key) => GetHashCode((ReadOnlySpan<byte>)key);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate)
    {
        var h = new HashCode();
        h.AddBytes(alternate);
        return h.ToHashCode();
    }

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
}

/// <summary>A growable byte buffer that keys are written into, reused for every span.</summary>
internal sealed class KeyBuffer
{
    private byte[] _bytes = new byte[256];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, Length);

    public void Clear(int length = 0) => Length = length;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_bytes.AsSpan(Length));
        Length += bytes.Length;
    }

    public void Append(byte b)
    {
        Ensure(1);
        _bytes[Length++] = b;
    }

    /// <summary>Room for <paramref name="size"/> more bytes, to format into; commit with <see cref="Advance"/>.</summary>
    public Span<byte> Free(int size)
    {
        Ensure(size);
        return _bytes.AsSpan(Length);
    }

    public void Advance(int count) => Length += count;

    private void Ensure(int extra)
    {
        if (Length + extra > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + extra));
    }
}
