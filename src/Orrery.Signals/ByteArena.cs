using System.Text;

namespace Orrery.Signals;

/// <summary>
/// Growable, append-only byte storage for the strings and byte values of a batch, so a
/// decoded batch holds one buffer instead of an object per string.
/// </summary>
public sealed class ByteArena
{
    private byte[] _buffer;
    private int _length;

    public ByteArena(int initialCapacity = 4096) => _buffer = new byte[Math.Max(16, initialCapacity)];

    public int Length => _length;

    /// <summary>Bytes the arena holds before it grows (what a pool keeping it costs).</summary>
    public int Capacity => _buffer.Length;

    /// <summary>The bytes written so far. Invalidated by the next append.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public Utf8Ref Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return default;
        EnsureCapacity(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        var r = new Utf8Ref(_length, bytes.Length);
        _length += bytes.Length;
        return r;
    }

    public Utf8Ref Append(string value)
    {
        if (value.Length == 0) return default;
        EnsureCapacity(Encoding.UTF8.GetMaxByteCount(value.Length));
        var n = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
        var r = new Utf8Ref(_length, n);
        _length += n;
        return r;
    }

    /// <summary>
    /// Reserves <paramref name="length"/> bytes to be filled by the caller through the
    /// returned span, which is valid until the next append.
    /// </summary>
    public Span<byte> Reserve(int length, out Utf8Ref reference)
    {
        EnsureCapacity(length);
        reference = length == 0 ? default : new Utf8Ref(_length, length);
        var span = _buffer.AsSpan(_length, length);
        _length += length;
        return span;
    }

    /// <summary>Drops bytes after <paramref name="length"/>; used to undo a partly decoded item.</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _length);
        _length = length;
    }

    public ReadOnlySpan<byte> Get(Utf8Ref r) => _buffer.AsSpan(r.Offset, r.Length);

    public string GetString(Utf8Ref r) => r.Length == 0 ? string.Empty : Encoding.UTF8.GetString(_buffer, r.Offset, r.Length);

    public void Clear() => _length = 0;

    private void EnsureCapacity(int extra)
    {
        if (_length + extra <= _buffer.Length) return;
        var size = Math.Max(_buffer.Length * 2, _length + extra);
        Array.Resize(ref _buffer, size);
    }
}
