using System.Buffers;
using System.Buffers.Binary;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Logs.Blocks;

/// <summary>
/// A chunk decompressed into columns (FORMAT.md, "Chunk"): line <c>i</c> is
/// <see cref="Timestamp"/>(i), <see cref="Line"/>(i) and, for each metadata name <c>k</c>,
/// <see cref="MetadataValue"/>(k, i) when <see cref="HasMetadata"/>(k, i). Arrays come from
/// <see cref="ArrayPool{T}.Shared"/> and go back on <see cref="Dispose"/>: read nothing after it.
/// </summary>
public sealed class DecodedChunk : IDisposable
{
    private long[] _timestamps = [];
    private int[] _lineOffsets = [];
    private byte[] _lines = [];
    private int[] _metaOffsets = [];
    private byte[] _metaValues = [];
    private byte[][] _names = [];
    private bool _pooled;

    private DecodedChunk()
    {
    }

    public int Count { get; private set; }

    public int MetadataNameCount => _names.Length;

    public long Timestamp(int i) => _timestamps[i];

    public ReadOnlySpan<byte> Line(int i) => _lines.AsSpan(_lineOffsets[i], _lineOffsets[i + 1] - _lineOffsets[i]);

    public ReadOnlySpan<byte> MetadataName(int key) => _names[key];

    public bool HasMetadata(int key, int line) => _metaOffsets[(key * Count + line) * 2] >= 0;

    public ReadOnlySpan<byte> MetadataValue(int key, int line)
    {
        var at = (key * Count + line) * 2;
        return _metaValues.AsSpan(_metaOffsets[at], _metaOffsets[at + 1]);
    }

    /// <summary>The index of the first line at or after <paramref name="ts"/> (Count when none).</summary>
    public int LowerBound(long ts)
    {
        int lo = 0, hi = Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_timestamps[mid] < ts) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Checks the CRC and decodes a whole chunk as written by <see cref="ChunkBuilder.Encode"/>.</summary>
    public static DecodedChunk Decode(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length < 5) throw new InvalidDataException("chunk is truncated");
        var body = chunk[..^4];
        if (Crc32C.Compute(body) != BinaryPrimitives.ReadUInt32LittleEndian(chunk[^4..]))
            throw new InvalidDataException("chunk checksum mismatch");

        var r = new ByteReader(body);
        var version = r.ReadByte();
        if (version != ChunkFormat.Version) throw new InvalidDataException($"unknown chunk version {version}");
        var count = r.ReadCount();
        var minTs = r.ReadVarInt();
        r.ReadVarUInt();
        var names = new byte[r.ReadCount()][];
        for (var k = 0; k < names.Length; k++) names[k] = r.ReadBytes().ToArray();

        var d = new DecodedChunk { Count = count, _names = names, _pooled = true };
        var pool = ArrayPool<byte>.Shared;
        d._timestamps = ArrayPool<long>.Shared.Rent(count);
        d._lineOffsets = ArrayPool<int>.Shared.Rent(count + 1);
        d._metaOffsets = ArrayPool<int>.Shared.Rent(Math.Max(1, names.Length * count * 2));
        byte[]? section = null;
        try
        {
            // Timestamps: deltas from the previous line (the first from minTs).
            section = ReadSection(ref r, pool, out var length);
            var s = new ByteReader(section.AsSpan(0, length));
            var ts = minTs;
            for (var i = 0; i < count; i++) d._timestamps[i] = ts += (long)s.ReadVarUInt();
            pool.Return(section);
            section = null;

            section = ReadSection(ref r, pool, out length);
            s = new ByteReader(section.AsSpan(0, length));
            var offset = 0;
            for (var i = 0; i < count; i++)
            {
                d._lineOffsets[i] = offset;
                offset += s.ReadCount();
            }
            d._lineOffsets[count] = offset;
            pool.Return(section);
            section = null;

            d._lines = ReadSection(ref r, pool, out length);
            if (length != offset) throw new InvalidDataException("chunk line lengths do not add up to the line bytes");

            section = ReadSection(ref r, pool, out length);
            s = new ByteReader(section.AsSpan(0, length));
            var valueAt = 0;
            for (var k = 0; k < names.Length; k++)
            {
                for (var i = 0; i < count; i++)
                {
                    var at = (k * count + i) * 2;
                    var n = s.ReadCount();
                    d._metaOffsets[at] = n == 0 ? -1 : valueAt;
                    d._metaOffsets[at + 1] = n == 0 ? 0 : n - 1;
                    if (n > 0) valueAt += n - 1;
                }
            }
            pool.Return(section);
            section = null;

            d._metaValues = ReadSection(ref r, pool, out length);
            if (length != valueAt) throw new InvalidDataException("chunk metadata lengths do not add up to the metadata bytes");
            return d;
        }
        catch
        {
            if (section is not null) pool.Return(section);
            section = null;
            d.Dispose();
            throw;
        }
    }

    private static byte[] ReadSection(ref ByteReader r, ArrayPool<byte> pool, out int length)
    {
        length = r.ReadCount();
        var buffer = pool.Rent(Math.Max(1, length));
        try
        {
            ChunkCompression.ReadSection(ref r, length, buffer);
            return buffer;
        }
        catch
        {
            pool.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        if (!_pooled) return;
        _pooled = false;
        ArrayPool<long>.Shared.Return(_timestamps);
        ArrayPool<int>.Shared.Return(_lineOffsets);
        ArrayPool<int>.Shared.Return(_metaOffsets);
        if (_lines.Length > 0) ArrayPool<byte>.Shared.Return(_lines);
        if (_metaValues.Length > 0) ArrayPool<byte>.Shared.Return(_metaValues);
        _timestamps = [];
        _lineOffsets = [];
        _metaOffsets = [];
        _lines = [];
        _metaValues = [];
    }
}
