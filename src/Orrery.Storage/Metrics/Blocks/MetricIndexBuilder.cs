using Orrery.Signals.Labels;
using Orrery.Storage.Encodings;
using Orrery.Storage.Metrics.Encoding;

namespace Orrery.Storage.Metrics.Blocks;

/// <summary>
/// Collects the series of a block as they are written and lays out its index (FORMAT.md). It keeps
/// every label set and chunk meta until <see cref="Build"/>: symbols are numbered in sorted order,
/// which is known only once all are seen.
/// </summary>
internal sealed class MetricIndexBuilder
{
    private readonly List<LabelSet> _series = [];
    private readonly List<ChunkMeta> _chunks = [];
    private readonly List<int> _chunkStarts = [];
    private readonly SortedDictionary<string, SortedDictionary<string, List<int>>> _postings = new(StringComparer.Ordinal);

    public int SeriesCount => _series.Count;

    /// <summary>The block's shared timestamp columns, filled by the chunk layout as chunks are written.</summary>
    public TimestampColumnTable Columns { get; } = new();

    public void AddSeries(LabelSet labels, List<ChunkMeta> chunks)
    {
        var id = _series.Count;
        _series.Add(labels);
        _chunkStarts.Add(_chunks.Count);
        _chunks.AddRange(chunks);
        foreach (var label in labels.AsSpan())
        {
            if (!_postings.TryGetValue(label.Name, out var values)) _postings[label.Name] = values = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
            if (!values.TryGetValue(label.Value, out var ids)) values[label.Value] = ids = [];
            ids.Add(id);
        }
    }

    public byte[] Build(long blockMinTimeMs)
    {
        var symbols = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, values) in _postings)
        {
            symbols.Add(name);
            foreach (var value in values.Keys) symbols.Add(value);
        }
        var symbolIds = new Dictionary<string, int>(symbols.Count, StringComparer.Ordinal);
        var output = new ByteBuffer(1 << 16);
        output.WriteUInt32(MetricBlockFormat.IndexMagic);
        output.WriteUInt32(MetricBlockFormat.Version);
        Span<(long Offset, long Length)> sections = stackalloc (long, long)[MetricBlockFormat.SectionCount];

        var start = output.Length;
        output.WriteVarUInt((ulong)symbols.Count);
        foreach (var s in symbols)
        {
            symbolIds[s] = symbolIds.Count;
            output.WriteBytes(System.Text.Encoding.UTF8.GetBytes(s));
        }
        sections[MetricBlockFormat.SymbolsSection] = (start, output.Length - start);

        start = output.Length;
        var seriesOffsets = new int[_series.Count];
        for (var i = 0; i < _series.Count; i++)
        {
            seriesOffsets[i] = output.Length - start;
            WriteSeries(output, i, symbolIds, blockMinTimeMs);
        }
        sections[MetricBlockFormat.SeriesSection] = (start, output.Length - start);

        start = output.Length;
        output.WriteVarUInt((ulong)seriesOffsets.Length);
        var previous = 0;
        foreach (var offset in seriesOffsets)
        {
            output.WriteVarUInt((ulong)(offset - previous));
            previous = offset;
        }
        sections[MetricBlockFormat.SeriesOffsetsSection] = (start, output.Length - start);

        // Postings first into their own buffer: the label index points into them.
        var postings = new ByteBuffer(1 << 16);
        var labelIndex = new ByteBuffer(1 << 12);
        labelIndex.WriteVarUInt((ulong)_postings.Count);
        foreach (var (name, values) in _postings)
        {
            labelIndex.WriteVarUInt((ulong)symbolIds[name]);
            labelIndex.WriteVarUInt((ulong)values.Count);
            var previousOffset = 0;
            foreach (var (value, ids) in values)
            {
                labelIndex.WriteVarUInt((ulong)symbolIds[value]);
                labelIndex.WriteVarUInt((ulong)(postings.Length - previousOffset));
                previousOffset = postings.Length;
                Postings.Write(postings, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ids));
            }
        }
        start = output.Length;
        output.Write(labelIndex.Written);
        sections[MetricBlockFormat.LabelIndexSection] = (start, output.Length - start);
        start = output.Length;
        output.Write(postings.Written);
        sections[MetricBlockFormat.PostingsSection] = (start, output.Length - start);

        start = output.Length;
        Columns.Write(output, blockMinTimeMs);
        sections[MetricBlockFormat.TimestampColumnsSection] = (start, output.Length - start);

        var tocStart = output.Length;
        foreach (var (offset, length) in sections)
        {
            output.WriteUInt64((ulong)offset);
            output.WriteUInt64((ulong)length);
            output.WriteUInt32(Crc32C.Compute(output.Written.Slice((int)offset, (int)length)));
        }
        output.WriteUInt32(Crc32C.Compute(output.Written[tocStart..]));
        output.WriteUInt32(MetricBlockFormat.IndexMagic);
        return output.Written.ToArray();
    }

    /// <summary>
    /// labels: count, (name symbol, value symbol)…; chunks: count, the first's file offset, then
    /// per chunk varint (timestamp column + 1), and only for a chunk without a column (0)
    /// zigzag(min − previous max, the block min for the first) and max − min; then its length.
    /// </summary>
    private void WriteSeries(ByteBuffer output, int series, Dictionary<string, int> symbolIds, long blockMinTimeMs)
    {
        var labels = _series[series];
        output.WriteVarUInt((ulong)labels.Count);
        foreach (var label in labels.AsSpan())
        {
            output.WriteVarUInt((ulong)symbolIds[label.Name]);
            output.WriteVarUInt((ulong)symbolIds[label.Value]);
        }
        var first = _chunkStarts[series];
        var end = series + 1 < _chunkStarts.Count ? _chunkStarts[series + 1] : _chunks.Count;
        output.WriteVarUInt((ulong)(end - first));
        output.WriteVarUInt((ulong)_chunks[first].Offset);
        var previousMax = blockMinTimeMs;
        for (var i = first; i < end; i++)
        {
            var c = _chunks[i];
            output.WriteVarUInt((ulong)(c.Column + 1));
            if (c.Column < 0)
            {
                output.WriteVarInt(c.MinTimeMs - previousMax);
                output.WriteVarUInt((ulong)(c.MaxTimeMs - c.MinTimeMs));
            }
            output.WriteVarUInt((ulong)c.Length);
            previousMax = c.MaxTimeMs;
        }
    }
}
