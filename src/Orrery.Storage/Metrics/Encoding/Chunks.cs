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
            _ => throw new InvalidDataException($"unknown chunk encoding {span[0]}"),
        };
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
