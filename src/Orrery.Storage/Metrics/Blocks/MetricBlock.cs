using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using Orrery.Signals.Labels;
using Orrery.Storage.Encodings;
using Orrery.Storage.Metrics.Encoding;

namespace Orrery.Storage.Metrics.Blocks;

/// <summary>
/// An open, immutable metric block (FORMAT.md). Opening reads meta.json and the index (checking
/// every section's CRC), never the chunks: a query reads the chunks of the series it selects, one
/// positioned read per series, each chunk checked against its CRC; a chunk that shares a
/// timestamp column comes back with the column joined in (<see cref="Chunks.JoinTimestamps"/>),
/// so every <see cref="EncodedChunk"/> it returns is readable on its own. Thread-safe.
/// </summary>
public sealed class MetricBlock : IDisposable
{
    private readonly MetricIndexReader _index;
    private readonly SafeFileHandle _chunks;
    private readonly long _chunksLength;
    private int _disposed;

    private MetricBlock(string directory, BlockMeta meta, MetricIndexReader index, SafeFileHandle chunks, long chunksLength)
    {
        Directory = directory;
        Meta = meta;
        _index = index;
        _chunks = chunks;
        _chunksLength = chunksLength;
    }

    public BlockMeta Meta { get; }

    public string Directory { get; }

    /// <summary>Opens a block; <see cref="InvalidDataException"/> when it is incomplete or corrupt.</summary>
    public static MetricBlock Open(string blockDirectory)
    {
        ArgumentNullException.ThrowIfNull(blockDirectory);
        var metaPath = Path.Combine(blockDirectory, MetricBlockFormat.MetaFile);
        if (!File.Exists(metaPath)) throw new InvalidDataException($"metric block {blockDirectory}: no {MetricBlockFormat.MetaFile} (incomplete block)");
        BlockMeta meta;
        try
        {
            var file = JsonSerializer.Deserialize<MetricBlockMetaFile>(File.ReadAllBytes(metaPath));
            if (file?.Meta is null) throw new InvalidDataException("empty meta.json");
            if (!MetricBlockFormat.IsReadable(file.FormatVersion))
                throw new InvalidDataException($"format version {file.FormatVersion}, this build reads {MetricBlockFormat.MinReadableVersion}..{MetricBlockFormat.Version}");
            meta = file.Meta;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"metric block {blockDirectory}: unreadable {MetricBlockFormat.MetaFile}", e);
        }
        MetricIndexReader index;
        try
        {
            index = new MetricIndexReader(File.ReadAllBytes(Path.Combine(blockDirectory, MetricBlockFormat.IndexFile)), meta.MinTimeMs);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"metric block {blockDirectory}: index: {e.Message}", e);
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidDataException($"metric block {blockDirectory}: no index", e);
        }
        SafeFileHandle chunks;
        try
        {
            chunks = File.OpenHandle(Path.Combine(blockDirectory, MetricBlockFormat.ChunksFile), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidDataException($"metric block {blockDirectory}: no chunks file", e);
        }
        try
        {
            Span<byte> header = stackalloc byte[MetricBlockFormat.ChunksHeaderSize];
            var length = RandomAccess.GetLength(chunks);
            if (RandomAccess.Read(chunks, header, 0) != header.Length
                || BinaryPrimitives.ReadUInt32LittleEndian(header) != MetricBlockFormat.ChunksMagic
                || !MetricBlockFormat.IsReadable(BinaryPrimitives.ReadUInt32LittleEndian(header[4..])))
                throw new InvalidDataException($"metric block {blockDirectory}: chunks file has a bad header");
            return new MetricBlock(blockDirectory, meta, index, chunks, length);
        }
        catch
        {
            chunks.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Series matching all matchers (Prometheus semantics: a missing label is "") with chunks
    /// overlapping [minTimeMs, maxTimeMs], sorted by labels, each with only those chunks. Lazy: a
    /// series' chunks are read when the enumeration reaches it.
    /// </summary>
    public IEnumerable<BlockSeries> Select(IReadOnlyList<LabelMatcher> matchers, long minTimeMs, long maxTimeMs)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var ids = MatchingSeries(matchers);
        return ReadSeries(ids, minTimeMs, maxTimeMs);
    }

    public IReadOnlyList<string> LabelNames(IReadOnlyList<LabelMatcher>? matchers = null)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (matchers is null || matchers.Count == 0) return _index.LabelNames;
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var id in MatchingSeries(matchers))
        {
            foreach (var label in _index.ReadLabels(id).AsSpan()) names.Add(label.Name);
        }
        return [.. names];
    }

    public IReadOnlyList<string> LabelValues(string name, IReadOnlyList<LabelMatcher>? matchers = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var entry = _index.Values(name);
        if (entry is null) return [];
        if (matchers is null || matchers.Count == 0) return entry.Values;
        var ids = MatchingSeries(matchers);
        var values = new List<string>();
        for (var i = 0; i < entry.Values.Length && ids.Length > 0; i++)
        {
            if (Postings.Intersect([_index.ReadPostings(entry.PostingsOffsets[i]), ids]).Length > 0) values.Add(entry.Values[i]);
        }
        return values;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _chunks.Dispose();
    }

    /// <summary>
    /// Ids of the series every matcher accepts. A matcher that rejects "" needs the label, so its
    /// series are the union of its matching values' postings, and those lists are intersected; a
    /// matcher that accepts "" (<c>a=""</c>, <c>a!="x"</c>, <c>a=~".*"</c>) takes away the series whose
    /// value it rejects, from all series when no matcher of the first kind is present.
    /// </summary>
    private int[] MatchingSeries(IReadOnlyList<LabelMatcher> matchers)
    {
        var required = new List<int[]>();
        var excluded = new List<int[]>();
        foreach (var m in matchers)
        {
            var entry = _index.Values(m.Name);
            var acceptsEmpty = m.MatchesEmpty;
            var lists = new List<int[]>();
            if (entry is not null)
            {
                if (m.Type == Signals.Labels.MatchType.Equal && !acceptsEmpty)
                {
                    var i = Array.BinarySearch(entry.Values, m.Value, StringComparer.Ordinal);
                    if (i >= 0) lists.Add(_index.ReadPostings(entry.PostingsOffsets[i]));
                }
                else
                {
                    for (var i = 0; i < entry.Values.Length; i++)
                    {
                        if (m.Matches(entry.Values[i]) != acceptsEmpty) lists.Add(_index.ReadPostings(entry.PostingsOffsets[i]));
                    }
                }
            }
            if (acceptsEmpty)
            {
                if (lists.Count > 0) excluded.Add(Postings.Union(lists));
            }
            else
            {
                if (lists.Count == 0) return [];
                required.Add(Postings.Union(lists));
            }
        }
        var result = required.Count > 0 ? Postings.Intersect(required) : Enumerable.Range(0, _index.SeriesCount).ToArray();
        foreach (var e in excluded)
        {
            if (result.Length == 0) break;
            result = Postings.Subtract(result, e);
        }
        return result;
    }

    private IEnumerable<BlockSeries> ReadSeries(int[] ids, long minTimeMs, long maxTimeMs)
    {
        var metas = new List<ChunkMeta>();
        foreach (var id in ids)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            var labels = _index.ReadSeries(id, Meta.MinTimeMs, metas);
            var first = metas.FindIndex(c => c.MaxTimeMs >= minTimeMs);
            if (first < 0 || metas[first].MinTimeMs > maxTimeMs) continue;
            var last = metas.FindLastIndex(c => c.MinTimeMs <= maxTimeMs);
            yield return new BlockSeries(labels, ReadChunks(metas, first, last));
        }
    }

    /// <summary>One positioned read for the run of chunks (they lie back to back), then a CRC check per chunk.</summary>
    private EncodedChunk[] ReadChunks(List<ChunkMeta> metas, int first, int last)
    {
        var start = metas[first].Offset;
        var lastMeta = metas[last];
        var end = lastMeta.Offset + VarInt.Length((ulong)lastMeta.Length) + lastMeta.Length + MetricBlockFormat.ChunkCrcSize;
        if (start < MetricBlockFormat.ChunksHeaderSize || end > _chunksLength || end - start > int.MaxValue)
            throw new InvalidDataException($"metric block {Directory}: chunk reference {start}..{end} outside the chunks file");
        var buffer = new byte[end - start];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = RandomAccess.Read(_chunks, buffer.AsSpan(read), start + read);
            if (n == 0) throw new InvalidDataException($"metric block {Directory}: chunks file ends at {start + read}");
            read += n;
        }
        var chunks = new EncodedChunk[last - first + 1];
        for (var i = first; i <= last; i++)
        {
            var meta = metas[i];
            var position = (int)(meta.Offset - start);
            var reader = new ByteReader(buffer.AsSpan(position));
            var length = reader.ReadCount();
            var bodyStart = position + reader.Position;
            if (length != meta.Length || bodyStart + length + MetricBlockFormat.ChunkCrcSize > buffer.Length)
                throw new InvalidDataException($"metric block {Directory}: chunk at {meta.Offset} does not match the index");
            var body = buffer.AsMemory(bodyStart, length);
            if (Crc32C.Compute(body.Span) != BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(bodyStart + length)))
                throw new InvalidDataException($"metric block {Directory}: chunk at {meta.Offset} fails its checksum");
            if (meta.Column >= 0)
            {
                var column = _index.Column(meta.Column, out var columnSamples);
                if (Chunks.EncodingOf(body.Span) != ChunkEncoding.XorValues || Chunks.SampleCount(body.Span) != columnSamples)
                    throw new InvalidDataException($"metric block {Directory}: chunk at {meta.Offset} does not match its timestamp column");
                body = Chunks.JoinTimestamps(body.Span, column);
            }
            chunks[i - first] = new EncodedChunk(meta.MinTimeMs, meta.MaxTimeMs, body);
        }
        return chunks;
    }
}
