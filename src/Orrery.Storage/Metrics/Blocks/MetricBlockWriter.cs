using System.Text.Json;
using Orrery.Signals.Labels;
using Orrery.Storage.Encodings;
using Orrery.Storage.Metrics.Encoding;

namespace Orrery.Storage.Metrics.Blocks;

/// <summary>
/// Writes a metric block (FORMAT.md): the chunks as they stream in (float samples re-cut and
/// re-encoded by <see cref="ChunkLayout"/> around shared timestamp columns), then the index and meta.json.
/// </summary>
public static class MetricBlockWriter
{
    /// <summary>
    /// Writes a block into parentDirectory/&lt;id&gt;/ (to a temp name, fsync, then rename: a crash never
    /// leaves half a block). Series must be sorted by labels (LabelSet.CompareTo), each label set
    /// once, with chunks in time order, not overlapping; series without chunks are left out.
    /// Returns the block's meta.
    /// </summary>
    public static BlockMeta Write(string parentDirectory, IEnumerable<BlockSeries> seriesSortedByLabels, long minTimeMs, long maxTimeMs, int level = 1)
    {
        ArgumentNullException.ThrowIfNull(parentDirectory);
        ArgumentNullException.ThrowIfNull(seriesSortedByLabels);
        var id = BlockId.New();
        var temp = Path.Combine(parentDirectory, id + MetricBlockFormat.TempSuffix);
        Directory.CreateDirectory(temp);
        try
        {
            var index = new MetricIndexBuilder();
            long chunkCount = 0, sampleCount = 0, chunksBytes;
            using (var chunks = new FileStream(Path.Combine(temp, MetricBlockFormat.ChunksFile), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                var header = new ByteBuffer(MetricBlockFormat.ChunksHeaderSize);
                header.WriteUInt32(MetricBlockFormat.ChunksMagic);
                header.WriteUInt32(MetricBlockFormat.Version);
                chunks.Write(header.Written);
                var layout = new ChunkLayout(chunks, index.Columns);
                LabelSet? previous = null;
                foreach (var series in seriesSortedByLabels)
                {
                    if (previous is not null && previous.CompareTo(series.Labels) >= 0)
                        throw new ArgumentException($"series not sorted by labels: {series.Labels} after {previous}", nameof(seriesSortedByLabels));
                    previous = series.Labels;
                    layout.BeginSeries();
                    long lastMax = long.MinValue;
                    var first = true;
                    foreach (var chunk in series.Chunks)
                    {
                        if (!first && chunk.MinTimeMs <= lastMax)
                            throw new ArgumentException($"chunks of {series.Labels} overlap or are out of order", nameof(seriesSortedByLabels));
                        if (chunk.MaxTimeMs < chunk.MinTimeMs) throw new ArgumentException($"a chunk of {series.Labels} ends before it starts", nameof(seriesSortedByLabels));
                        layout.Add(chunk);
                        lastMax = chunk.MaxTimeMs;
                        first = false;
                    }
                    var metas = layout.EndSeries();
                    if (metas.Count == 0) continue;
                    chunkCount += metas.Count;
                    sampleCount += layout.SeriesSamples;
                    index.AddSeries(series.Labels, metas);
                }
                chunks.Flush(flushToDisk: true);
                chunksBytes = chunks.Length;
            }
            var indexBytes = index.Build(minTimeMs);
            WriteDurably(Path.Combine(temp, MetricBlockFormat.IndexFile), indexBytes);
            var meta = new BlockMeta(id, minTimeMs, maxTimeMs, index.SeriesCount, chunkCount, sampleCount, level, chunksBytes + indexBytes.Length);
            WriteDurably(Path.Combine(temp, MetricBlockFormat.MetaFile), JsonSerializer.SerializeToUtf8Bytes(new MetricBlockMetaFile(MetricBlockFormat.Version, meta)));
            Directory.Move(temp, Path.Combine(parentDirectory, id));
            return meta;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Deletes what a crash mid-write left in <paramref name="parentDirectory"/>: temp directories and blocks without meta.json.</summary>
    public static void RemoveIncomplete(string parentDirectory)
    {
        if (!System.IO.Directory.Exists(parentDirectory)) return;
        foreach (var dir in System.IO.Directory.EnumerateDirectories(parentDirectory))
        {
            if (dir.EndsWith(MetricBlockFormat.TempSuffix, StringComparison.Ordinal) || !File.Exists(Path.Combine(dir, MetricBlockFormat.MetaFile)))
                TryDelete(dir);
        }
    }

    private static void WriteDurably(string path, ReadOnlySpan<byte> bytes)
    {
        using var f = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        f.Write(bytes);
        f.Flush(flushToDisk: true);
    }

    private static void TryDelete(string dir)
    {
        try
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>The contents of meta.json.</summary>
internal sealed record MetricBlockMetaFile(int FormatVersion, BlockMeta Meta);
