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
    // The metadata sections, still compressed, until a line's metadata is first asked for: a
    // search that matches no line of the chunk never decodes them.
    private byte[]? _metadataSource;
    private int _metadataSourceLength;
    private byte _version;

    private DecodedChunk()
    {
    }

    public int Count { get; private set; }

    public int MetadataNameCount => _names.Length;

    public long Timestamp(int i) => _timestamps[i];

    public ReadOnlySpan<byte> Line(int i) => _lines.AsSpan(_lineOffsets[i], _lineOffsets[i + 1] - _lineOffsets[i]);

    public ReadOnlySpan<byte> MetadataName(int key) => _names[key];

    /// <summary>Where line <paramref name="i"/> starts in <see cref="AllLines"/> (<see cref="Count"/> gives the end of the last line).</summary>
    public int LineStart(int i) => _lineOffsets[i];

    /// <summary>Every line's bytes back to back, in line order: one buffer to search before looking at lines.</summary>
    public ReadOnlySpan<byte> AllLines => _lines.AsSpan(0, _lineOffsets[Count]);

    /// <summary>The line holding byte <paramref name="offset"/> of <see cref="AllLines"/>, searching lines from <paramref name="from"/> on.</summary>
    public int LineAt(int offset, int from = 0)
    {
        int lo = from, hi = Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >>> 1;
            if (_lineOffsets[mid] <= offset) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    public bool HasMetadata(int key, int line)
    {
        if (_metadataSource is not null) DecodeMetadata();
        return _metaOffsets[(key * Count + line) * 2] >= 0;
    }

    public ReadOnlySpan<byte> MetadataValue(int key, int line)
    {
        if (_metadataSource is not null) DecodeMetadata();
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
        if (version is not (ChunkFormat.Version or ChunkFormat.VersionPlainLines)) throw new InvalidDataException($"unknown chunk version {version}");
        var count = r.ReadCount();
        var minTs = r.ReadVarInt();
        r.ReadVarUInt();
        var names = new byte[r.ReadCount()][];
        for (var k = 0; k < names.Length; k++) names[k] = r.ReadBytes().ToArray();

        var d = new DecodedChunk { Count = count, _names = names, _pooled = true, _version = version };
        var pool = ArrayPool<byte>.Shared;
        d._timestamps = ArrayPool<long>.Shared.Rent(count);
        d._lineOffsets = ArrayPool<int>.Shared.Rent(count + 1);
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

            var layout = version == ChunkFormat.VersionPlainLines ? ChunkFormat.LinesPlain : r.ReadByte();
            if (layout == ChunkFormat.LinesTemplated) ReadTemplatedLines(ref r, d, pool);
            else if (layout == ChunkFormat.LinesPlain) ReadPlainLines(ref r, d, pool);
            else throw new InvalidDataException($"unknown chunk lines layout {layout}");

            var metadata = r.Take(r.Remaining);
            d._metadataSource = pool.Rent(Math.Max(1, metadata.Length));
            d._metadataSourceLength = metadata.Length;
            metadata.CopyTo(d._metadataSource);
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

    /// <summary>Decodes the metadata sections kept aside by <see cref="Decode"/>.</summary>
    private void DecodeMetadata()
    {
        var source = _metadataSource!;
        var pool = ArrayPool<byte>.Shared;
        _metaOffsets = ArrayPool<int>.Shared.Rent(Math.Max(1, _names.Length * Count * 2));
        try
        {
            var r = new ByteReader(source.AsSpan(0, _metadataSourceLength));
            if (_version == ChunkFormat.VersionPlainLines) ReadPlainMetadata(ref r, this, pool);
            else ReadMetadataColumns(ref r, this, pool);
        }
        finally
        {
            _metadataSource = null;
            pool.Return(source);
        }
    }

    /// <summary>How a chunk stores its lines (<see cref="ChunkFormat.LinesPlain"/> or <see cref="ChunkFormat.LinesTemplated"/>), without decoding them.</summary>
    public static byte LinesLayout(ReadOnlySpan<byte> chunk)
    {
        var r = new ByteReader(chunk);
        var version = r.ReadByte();
        r.ReadVarUInt();
        r.ReadVarInt();
        r.ReadVarUInt();
        var names = r.ReadCount();
        for (var k = 0; k < names; k++) r.ReadBytes();
        r.ReadVarUInt();
        r.Take(r.ReadCount() + 1);
        return version == ChunkFormat.VersionPlainLines ? ChunkFormat.LinesPlain : r.ReadByte();
    }

    /// <summary>Version 1 metadata: per column per line 0 (absent) or value length + 1, then the values back to back.</summary>
    private static void ReadPlainMetadata(ref ByteReader r, DecodedChunk d, ArrayPool<byte> pool)
    {
        var count = d.Count;
        var section = ReadSection(ref r, pool, out var length);
        var valueAt = 0;
        try
        {
            var s = new ByteReader(section.AsSpan(0, length));
            for (var k = 0; k < d._names.Length; k++)
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
        }
        finally
        {
            pool.Return(section);
        }
        d._metaValues = ReadSection(ref r, pool, out length);
        if (length != valueAt) throw new InvalidDataException("chunk metadata lengths do not add up to the metadata bytes");
    }

    /// <summary>
    /// Version 2 metadata (FORMAT.md, "Metadata columns"): codes per column per line, literals in
    /// the values section. A reference points at the referenced literal's decoded bytes.
    /// </summary>
    private static void ReadMetadataColumns(ref ByteReader r, DecodedChunk d, ArrayPool<byte> pool)
    {
        var count = d.Count;
        byte[]? codes = null, values = null;
        var ints = ArrayPool<int>.Shared;
        var literals = ints.Rent(16);
        Span<int> recent = stackalloc int[MetadataColumn.RecentValues];
        try
        {
            codes = ReadSection(ref r, pool, out var codesLength);
            values = ReadSection(ref r, pool, out var valuesLength);
            // Pass 1: offsets of every value in the decoded bytes, and which literal goes where.
            var c = new ByteReader(codes.AsSpan(0, codesLength));
            var decoded = 0;
            var literalCount = 0;
            var sourceAt = 0;
            for (var k = 0; k < d._names.Length; k++)
            {
                var recentCount = 0;
                for (var i = 0; i < count; i++)
                {
                    var at = (k * count + i) * 2;
                    var code = c.ReadCount();
                    if (code == MetadataColumn.CodeAbsent)
                    {
                        d._metaOffsets[at] = -1;
                        d._metaOffsets[at + 1] = 0;
                        continue;
                    }
                    if (code >= MetadataColumn.FirstReference)
                    {
                        var rank = code - MetadataColumn.FirstReference;
                        if (rank >= recentCount) throw new InvalidDataException("chunk metadata refers to a value it has not seen");
                        var literal = recent[rank];
                        d._metaOffsets[at] = literals[literal * 3 + 1];
                        d._metaOffsets[at + 1] = literals[literal * 3 + 2];
                        for (var j = rank; j > 0; j--) recent[j] = recent[j - 1];
                        recent[0] = literal;
                        continue;
                    }
                    if (code > MetadataColumn.CodeHexLiteral) throw new InvalidDataException("bad chunk metadata code");
                    var length = c.ReadCount();
                    var stored = code == MetadataColumn.CodeHexLiteral ? (length + 1) / 2 : length;
                    if (stored > valuesLength - sourceAt) throw new InvalidDataException("chunk metadata values are shorter than their codes say");
                    if ((literalCount + 1) * 3 > literals.Length)
                    {
                        var larger = ints.Rent(literals.Length * 2);
                        literals.AsSpan(0, literalCount * 3).CopyTo(larger);
                        ints.Return(literals);
                        literals = larger;
                    }
                    // A literal: (source offset, decoded offset, length); the sign of the source marks hex.
                    literals[literalCount * 3] = code == MetadataColumn.CodeHexLiteral ? ~sourceAt : sourceAt;
                    literals[literalCount * 3 + 1] = decoded;
                    literals[literalCount * 3 + 2] = length;
                    d._metaOffsets[at] = decoded;
                    d._metaOffsets[at + 1] = length;
                    for (var j = Math.Min(recentCount, MetadataColumn.RecentValues - 1); j > 0; j--) recent[j] = recent[j - 1];
                    recent[0] = literalCount;
                    if (recentCount < MetadataColumn.RecentValues) recentCount++;
                    literalCount++;
                    sourceAt += stored;
                    decoded += length;
                }
            }
            if (!c.End || sourceAt != valuesLength) throw new InvalidDataException("chunk metadata codes do not add up to the metadata bytes");

            // Pass 2: the literals' bytes, hex expanded.
            d._metaValues = pool.Rent(Math.Max(1, decoded));
            for (var l = 0; l < literalCount; l++)
            {
                var source = literals[l * 3];
                var target = d._metaValues.AsSpan(literals[l * 3 + 1], literals[l * 3 + 2]);
                if (source >= 0)
                {
                    values.AsSpan(source, target.Length).CopyTo(target);
                    continue;
                }
                var packed = values.AsSpan(~source);
                for (var i = 0; i < target.Length; i++)
                {
                    var n = (i & 1) == 0 ? packed[i / 2] >> 4 : packed[i / 2] & 0xF;
                    target[i] = (byte)(n < 10 ? '0' + n : 'a' + n - 10);
                }
            }
        }
        finally
        {
            ints.Return(literals);
            if (codes is not null) pool.Return(codes);
            if (values is not null) pool.Return(values);
        }
    }

    private static void ReadPlainLines(ref ByteReader r, DecodedChunk d, ArrayPool<byte> pool)
    {
        var section = ReadSection(ref r, pool, out var length);
        var offset = 0;
        try
        {
            var s = new ByteReader(section.AsSpan(0, length));
            for (var i = 0; i < d.Count; i++)
            {
                d._lineOffsets[i] = offset;
                offset += s.ReadCount();
            }
            d._lineOffsets[d.Count] = offset;
        }
        finally
        {
            pool.Return(section);
        }
        d._lines = ReadSection(ref r, pool, out length);
        if (length != offset) throw new InvalidDataException("chunk line lengths do not add up to the line bytes");
    }

    private static void ReadTemplatedLines(ref ByteReader r, DecodedChunk d, ArrayPool<byte> pool)
    {
        var lineBytes = r.ReadCount();
        byte[]? templates = null, ids = null, variables = null;
        try
        {
            templates = ReadSection(ref r, pool, out var templatesLength);
            ids = ReadSection(ref r, pool, out var idsLength);
            variables = ReadSection(ref r, pool, out var variablesLength);
            d._lines = pool.Rent(Math.Max(1, lineBytes));
            LineTemplateDecoder.Decode(templates.AsSpan(0, templatesLength), ids.AsSpan(0, idsLength), variables.AsSpan(0, variablesLength),
                d._timestamps.AsSpan(0, d.Count), d._lines.AsSpan(0, lineBytes), d._lineOffsets.AsSpan(0, d.Count + 1));
        }
        finally
        {
            if (templates is not null) pool.Return(templates);
            if (ids is not null) pool.Return(ids);
            if (variables is not null) pool.Return(variables);
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
        if (_metaOffsets.Length > 0) ArrayPool<int>.Shared.Return(_metaOffsets);
        if (_metadataSource is not null) ArrayPool<byte>.Shared.Return(_metadataSource);
        _metadataSource = null;
        if (_lines.Length > 0) ArrayPool<byte>.Shared.Return(_lines);
        if (_metaValues.Length > 0) ArrayPool<byte>.Shared.Return(_metaValues);
        _timestamps = [];
        _lineOffsets = [];
        _metaOffsets = [];
        _lines = [];
        _metaValues = [];
    }
}
