using System.Numerics;
using System.Runtime.Intrinsics;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// Moving past many values at once without decoding them, so that reaching one trace's rows in a
/// page costs a pass over the bytes before them rather than decoding every span before them.
/// Columns have no per-row offsets: a varint ends at a byte below 0x80, so skipping n varints is
/// finding the n-th such byte, which a vector compare does 32 bytes at a time. Skipping checks
/// bounds (a truncated column throws as a read would) but not the shape of each value; pages are
/// checksummed before they are decoded.
/// </summary>
internal partial struct ColumnCursor
{
    /// <summary>Bytes left to read (for skipping helpers that count over them).</summary>
    public readonly ReadOnlySpan<byte> Remaining => _data.AsSpan(_position, _length - _position);

    /// <summary>Moves past <paramref name="count"/> bytes.</summary>
    public void Skip(long count)
    {
        if ((ulong)count > (ulong)(_length - _position)) ThrowTruncated();
        _position += (int)count;
    }

    /// <summary>Moves past <paramref name="count"/> varints.</summary>
    public void SkipVarInts(long count)
    {
        if (count <= 0) return;
        var rest = Remaining;
        // Most columns hold small values: one byte each, the common case a single vector test decides.
        if (count <= rest.Length && !rest[..(int)count].ContainsAnyInRange((byte)0x80, (byte)0xFF))
        {
            _position += (int)count;
            return;
        }
        _position += EndOfVarInts(rest, count);
    }

    /// <summary>Moves past <paramref name="count"/> varints and returns their sum (counts of attributes, events, links).</summary>
    public long SumVarInts(long count)
    {
        if (count <= 0) return 0;
        var rest = Remaining;
        if (count <= rest.Length)
        {
            var values = rest[..(int)count];
            if (!values.ContainsAnyExcept((byte)0))
            {
                _position += (int)count;
                return 0;
            }
            if (!values.ContainsAnyInRange((byte)0x80, (byte)0xFF))
            {
                long sum = 0;
                foreach (var b in values) sum += b;
                _position += (int)count;
                return sum;
            }
        }
        long total = 0;
        for (long i = 0; i < count; i++) total += (long)ReadVarUInt();
        return total;
    }

    /// <summary>
    /// Moves past <paramref name="count"/> string refs (<see cref="StringRef"/>) and returns how many
    /// bytes of InlineStrings the inline ones among them hold.
    /// </summary>
    public long SkipStringRefs(long count)
    {
        long inline = 0;
        for (long i = 0; i < count; i++)
        {
            // The ref's low bit (inline or not) is the low bit of its first byte.
            if (_position < _length && (_data[_position] & 1) == 0)
            {
                SkipOneVarInt();
                continue;
            }
            inline += (long)(ReadVarUInt() >> 1);
        }
        return inline;
    }

    /// <summary>Moves past <paramref name="count"/> parent codes and returns how many name an external parent (one ParentIds entry each).</summary>
    public int SkipParents(long count)
    {
        if (count <= 0) return 0;
        var rest = Remaining;
        if (count <= rest.Length && !rest[..(int)count].ContainsAnyInRange((byte)0x80, (byte)0xFF))
        {
            var external = rest[..(int)count].Count((byte)PageWriter.ExternalParent);
            _position += (int)count;
            return external;
        }
        var n = 0;
        for (long i = 0; i < count; i++)
        {
            if (ReadVarUInt() == PageWriter.ExternalParent) n++;
        }
        return n;
    }

    private void SkipOneVarInt()
    {
        while (true)
        {
            if (_position >= _length) ThrowTruncated();
            if (_data[_position++] < 0x80) return;
        }
    }

    /// <summary>Offset just past the <paramref name="count"/>-th byte below 0x80 of <paramref name="bytes"/>.</summary>
    private readonly int EndOfVarInts(ReadOnlySpan<byte> bytes, long count)
    {
        var at = 0;
        var left = count;
        if (Vector256.IsHardwareAccelerated)
        {
            while (at + Vector256<byte>.Count <= bytes.Length)
            {
                // A set bit in the mask is a continuation byte; its complement marks each varint's last byte.
                var ends = ~Vector256.Create(bytes.Slice(at, Vector256<byte>.Count)).ExtractMostSignificantBits();
                var n = BitOperations.PopCount(ends);
                if (n < left)
                {
                    left -= n;
                    at += Vector256<byte>.Count;
                    continue;
                }
                for (var k = 1; k < left; k++) ends &= ends - 1;
                return at + BitOperations.TrailingZeroCount(ends) + 1;
            }
        }
        for (; at < bytes.Length; at++)
        {
            if (bytes[at] < 0x80 && --left == 0) return at + 1;
        }
        ThrowTruncated();
        return 0;
    }
}
