using Orrery.Signals;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Logs.Blocks;

/// <summary>
/// Collects one stream's lines, in time order, into a chunk: timestamps, line lengths, line bytes,
/// and structured metadata as one column per metadata name (lengths and values apart), so each
/// section holds one kind of data and compresses as such (FORMAT.md). Also gathers the chunk's
/// bloom keys and trace ids. Reused across chunks via <see cref="Reset"/>; no object per line.
/// </summary>
public sealed class ChunkBuilder
{
    private readonly ByteBuffer _timestamps = new(16 * 1024);
    private readonly ByteBuffer _lineLengths = new(8 * 1024);
    private readonly ByteBuffer _lines = new(1024 * 1024);
    private readonly ByteBuffer _scratch = new(64 * 1024);
    private readonly ByteBuffer _templates = new(16 * 1024);
    private readonly ByteBuffer _templateIds = new(8 * 1024);
    private readonly ByteBuffer _variables = new(512 * 1024);
    private readonly LineTemplateEncoder _templater = new();
    private long[] _timestampValues = new long[4096];
    private readonly List<MetadataColumn> _columns = [];
    private readonly List<MetadataColumn> _spareColumns = [];
    private readonly GramSet _grams = new();
    private readonly IdKeySet _ids = new();
    private readonly List<TraceId> _traceIds = [];
    private long _minTs;
    private long _lastTs;

    public int LineCount { get; private set; }

    /// <summary>Uncompressed bytes of lines and metadata so far: what chunk size targets count.</summary>
    public long RawBytes { get; private set; }

    /// <summary>Bytes of the lines alone (Loki's "bytes" in index stats).</summary>
    public long LineBytes => _lines.Length;

    public long MinTimestamp => _minTs;

    public long MaxTimestamp => _lastTs;

    /// <summary>Distinct trace ids of the chunk's lines, in no particular order (valid until <see cref="Reset"/>).</summary>
    public IReadOnlyList<TraceId> TraceIds => _traceIds;

    public void Reset()
    {
        _timestamps.Clear();
        _lineLengths.Clear();
        _lines.Clear();
        foreach (var c in _columns)
        {
            c.Clear();
            _spareColumns.Add(c);
        }
        _columns.Clear();
        _grams.Clear();
        _ids.Clear();
        _traceIds.Clear();
        LineCount = 0;
        RawBytes = 0;
    }

    /// <summary>Starts a line; timestamps must not decrease within a chunk. Its metadata follows with <see cref="AddMetadata"/>.</summary>
    public void AddLine(long timestampNs, ReadOnlySpan<byte> line)
    {
        if (LineCount == 0)
        {
            _minTs = timestampNs;
            _lastTs = timestampNs;
        }
        else if (timestampNs < _lastTs)
        {
            throw new InvalidOperationException("chunk lines must be added in time order");
        }
        _timestamps.WriteVarUInt((ulong)(timestampNs - _lastTs));
        _lastTs = timestampNs;
        _lineLengths.WriteVarUInt((ulong)line.Length);
        _lines.Write(line);
        LineGrams.Collect(line, _grams);
        IdTokens.Collect(line, _ids);
        LineCount++;
        RawBytes += line.Length + 8;
    }

    /// <summary>
    /// Adds a metadata pair to the line just added. A name repeated within one line keeps its
    /// first value (metadata is a map in Loki's model).
    /// </summary>
    public void AddMetadata(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        var column = ColumnFor(name);
        var line = LineCount - 1;
        if (column.Filled > line) return;
        column.Add(line, value);
        RawBytes += name.Length + value.Length;
        if (name.SequenceEqual(ChunkFormat.TraceIdName) && TraceId.TryParseExactHex(value, out var id) && !id.IsEmpty)
        {
            // Lines of one trace cluster in time, so checking the last few catches most repeats;
            // the block writer removes the rest when it sorts the trace index.
            var n = _traceIds.Count;
            if (n == 0 || (_traceIds[n - 1] != id && (n < 2 || _traceIds[n - 2] != id))) _traceIds.Add(id);
        }
    }

    /// <summary>Adds the cursor's current line with its metadata.</summary>
    public void Add(LogStreamCursor line)
    {
        AddLine(line.TimestampNs, line.Line);
        for (var i = 0; i < line.MetadataCount; i++) AddMetadata(line.MetadataName(i), line.MetadataValue(i));
    }

    /// <summary>
    /// Writes the chunk (FORMAT.md, "Chunk") to <paramref name="output"/> and builds its bloom
    /// filter of <paramref name="bloomBitsPerKey"/> bits per distinct window.
    /// </summary>
    public Encodings.BloomFilter Encode(ByteBuffer output, ChunkCompression compression, int bloomBitsPerKey) =>
        Encode(output, compression, bloomBitsPerKey, out _);

    /// <summary>
    /// As <see cref="Encode(ByteBuffer, ChunkCompression, int)"/>, and builds the chunk's id filter
    /// (<see cref="IdTokens"/>) at the same bits per distinct key: null when no line holds an id
    /// run (then no id search can match the chunk).
    /// </summary>
    public Encodings.BloomFilter Encode(ByteBuffer output, ChunkCompression compression, int bloomBitsPerKey, out Encodings.BloomFilter? ids)
    {
        if (LineCount == 0) throw new InvalidOperationException("empty chunk");
        var start = output.Length;
        output.WriteByte(ChunkFormat.Version);
        output.WriteVarUInt((ulong)LineCount);
        output.WriteVarInt(_minTs);
        output.WriteVarUInt((ulong)(_lastTs - _minTs));
        output.WriteVarUInt((ulong)_columns.Count);
        foreach (var c in _columns) output.WriteBytes(c.Name);

        compression.WriteSection(_timestamps.Written, output);
        WriteLines(output, compression);
        _scratch.Clear();
        foreach (var c in _columns)
        {
            c.PadTo(LineCount);
            _scratch.Write(c.Codes.Written);
        }
        compression.WriteSection(_scratch.Written, output);
        _scratch.Clear();
        foreach (var c in _columns) _scratch.Write(c.Values.Written);
        compression.WriteSection(_scratch.Written, output);
        output.WriteUInt32(Crc32C.Compute(output.Written[start..]));

        var bloom = Encodings.BloomFilter.Create(Math.Max(1, _grams.Count * bloomBitsPerKey / Encodings.BloomFilter.BitsPerKey));
        _grams.AddTo(bloom);
        ids = null;
        if (_ids.Count > 0)
        {
            ids = Encodings.BloomFilter.Create(Math.Max(1, _ids.Count * bloomBitsPerKey / Encodings.BloomFilter.BitsPerKey));
            _ids.AddTo(ids);
        }
        return bloom;
    }

    /// <summary>The lines as templates and variables when they share shapes (FORMAT.md, "Templated lines"), else plain.</summary>
    private void WriteLines(ByteBuffer output, ChunkCompression compression)
    {
        _templates.Clear();
        _templateIds.Clear();
        _variables.Clear();
        if (LineCount >= ChunkFormat.MinTemplatedLines
            && _templater.TryEncode(_lines.Written, _lineLengths.Written, Timestamps(), _templates, _templateIds, _variables))
        {
            output.WriteByte(ChunkFormat.LinesTemplated);
            output.WriteVarUInt((ulong)_lines.Length);
            compression.WriteSection(_templates.Written, output);
            compression.WriteSection(_templateIds.Written, output);
            compression.WriteSection(_variables.Written, output);
            return;
        }
        output.WriteByte(ChunkFormat.LinesPlain);
        compression.WriteSection(_lineLengths.Written, output);
        compression.WriteSection(_lines.Written, output);
    }

    private ReadOnlySpan<long> Timestamps()
    {
        if (_timestampValues.Length < LineCount) _timestampValues = new long[Math.Max(LineCount, _timestampValues.Length * 2)];
        var r = new ByteReader(_timestamps.Written);
        var ts = _minTs;
        for (var i = 0; i < LineCount; i++) _timestampValues[i] = ts += (long)r.ReadVarUInt();
        return _timestampValues.AsSpan(0, LineCount);
    }

    private MetadataColumn ColumnFor(ReadOnlySpan<byte> name)
    {
        // A chunk has a handful of metadata names: a linear scan beats hashing the name.
        foreach (var c in _columns)
        {
            if (c.Name.AsSpan().SequenceEqual(name)) return c;
        }
        MetadataColumn column;
        if (_spareColumns.Count > 0)
        {
            column = _spareColumns[^1];
            _spareColumns.RemoveAt(_spareColumns.Count - 1);
            column.Name = name.ToArray();
        }
        else
        {
            column = new MetadataColumn(name.ToArray());
        }
        _columns.Add(column);
        return column;
    }
}
