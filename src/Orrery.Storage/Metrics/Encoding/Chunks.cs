using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Orrery.Storage.Metrics.Encoding;

/// <summary>Reads an encoded chunk of any <see cref="ChunkEncoding"/>.</summary>
public static class Chunks
{
    /// <summary>Header bytes common to every encoding: encoding, sample count (uint16 LE), mode.</summary>
    internal const int HeaderSize = 4;

    /// <summary>An iterator over every sample of <paramref name="bytes"/>; <see cref="InvalidDataException"/> if they are not a chunk.</summary>
    public static ISampleIterator Iterate(ReadOnlyMemory<byte> bytes)
    {
        if (!MemoryMarshal.TryGetArray(bytes, out var segment)) segment = new ArraySegment<byte>(bytes.ToArray());
        var span = bytes.Span;
        if (span.Length < HeaderSize) throw new InvalidDataException($"a chunk of {span.Length} bytes has no header");
        var count = SampleCount(span);
        return (ChunkEncoding)span[0] switch
        {
            ChunkEncoding.Xor => new XorIterator(segment.Array!, segment.Offset, segment.Count, count),
            ChunkEncoding.Histogram => new HistogramIterator(segment.Array!, segment.Offset, segment.Count, count),
            ChunkEncoding.XorValues => IterateJoined(segment, count),
            _ => throw new InvalidDataException($"unknown chunk encoding {span[0]}"),
        };
    }

    /// <summary>
    /// A <see cref="ChunkEncoding.XorValues"/> chunk with its timestamp column joined in: the
    /// stored header, varint column length, the column, then the stored value bits.
    /// </summary>
    public static byte[] JoinTimestamps(ReadOnlySpan<byte> storedValuesChunk, ReadOnlySpan<byte> column)
    {
        if (storedValuesChunk.Length < HeaderSize || (ChunkEncoding)storedValuesChunk[0] != ChunkEncoding.XorValues)
            throw new InvalidDataException("not a values chunk");
        var lengthBytes = Orrery.Storage.Encodings.VarInt.Length((ulong)column.Length);
        var joined = new byte[storedValuesChunk.Length + lengthBytes + column.Length];
        storedValuesChunk[..HeaderSize].CopyTo(joined);
        var at = HeaderSize;
        var value = (ulong)column.Length;
        while (value >= 0x80)
        {
            joined[at++] = (byte)(value | 0x80);
            value >>= 7;
        }
        joined[at++] = (byte)value;
        column.CopyTo(joined.AsSpan(at));
        storedValuesChunk[HeaderSize..].CopyTo(joined.AsSpan(at + column.Length));
        return joined;
    }

    private static XorIterator IterateJoined(ArraySegment<byte> chunk, int count)
    {
        var span = chunk.AsSpan();
        ulong columnLength = 0;
        var at = HeaderSize;
        for (var shift = 0; ; shift += 7)
        {
            if (at >= span.Length || shift > 28) throw new InvalidDataException("values chunk without its timestamp column");
            var b = span[at++];
            columnLength |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) break;
        }
        if (columnLength > (ulong)(span.Length - at)) throw new InvalidDataException("timestamp column runs past the chunk");
        var columnStart = chunk.Offset + at;
        return new XorIterator(chunk.Array!, chunk.Offset, chunk.Count, count, chunk.Array!, columnStart, (int)columnLength, at + (int)columnLength);
    }

    /// <summary>Samples in an encoded chunk, from its header.</summary>
    public static int SampleCount(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderSize) throw new InvalidDataException($"a chunk of {bytes.Length} bytes has no header");
        return BinaryPrimitives.ReadUInt16LittleEndian(bytes[1..3]);
    }

    public static ChunkEncoding EncodingOf(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderSize) throw new InvalidDataException($"a chunk of {bytes.Length} bytes has no header");
        return (ChunkEncoding)bytes[0];
    }
}
