using System.Text.Json;
using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>Writes immutable trace blocks in the format FORMAT.md specifies.</summary>
public static class TraceBlockWriter
{
    /// <summary>
    /// Writes one block holding every span of <paramref name="batches"/> into a new directory
    /// under <paramref name="parentDirectory"/>, sorted by trace id, each (trace id, span id)
    /// once. Writes to a temporary directory and renames it into place, so a crash never
    /// leaves a half-written block under a block's name. Returns the block's metadata.
    /// </summary>
    /// <remarks>
    /// The batches are held (not copied) until the block is written, so memory is the input plus
    /// about 40 bytes per span and the block's distinct strings; they must not change meanwhile.
    /// </remarks>
    public static BlockMeta Write(string parentDirectory, IEnumerable<SpanBatch> batches, int compactionLevel = 0) =>
        Write(parentDirectory, batches, compactionLevel, BlockWriteOptions.Default);

    /// <summary>Deletes leftovers of interrupted writes (<c>*.tmp</c> directories and block directories without <c>meta.json</c>); returns how many.</summary>
    public static int RemoveIncomplete(string parentDirectory)
    {
        if (!Directory.Exists(parentDirectory)) return 0;
        var removed = 0;
        foreach (var dir in Directory.EnumerateDirectories(parentDirectory))
        {
            var name = Path.GetFileName(dir);
            var isTemp = name.EndsWith(BlockFormat.TempSuffix, StringComparison.Ordinal);
            var isIncompleteBlock = Guid.TryParse(name, out _) && !File.Exists(Path.Combine(dir, BlockFormat.MetaFileName));
            if (!isTemp && !isIncompleteBlock) continue;
            Directory.Delete(dir, recursive: true);
            removed++;
        }
        return removed;
    }

    internal static BlockMeta Write(string parentDirectory, IEnumerable<SpanBatch> batches, int compactionLevel, BlockWriteOptions options)
    {
        var input = new List<SpanBatch>();
        foreach (var b in batches)
        {
            if (b.Count > 0) input.Add(b);
        }
        var keys = SpanOrder.Build(input, out var count);

        var spanTotal = 0;
        foreach (var b in input) spanTotal += b.Count;
        var dictionary = new BlockDictionaryBuilder((int)Math.Min(BlockDictionaryBuilder.CountUses(input), Array.MaxLength), spanTotal);
        CollectStrings(input, dictionary);
        var traceCount = CountTraces(keys.AsSpan(0, count), out var minStart, out _);
        dictionary.Finish();

        return WriteBlock(parentDirectory, compactionLevel, options, input, dictionary, minStart, traceCount, sink =>
        {
            var spans = keys.AsSpan(0, count);
            var start = 0;
            while (start < spans.Length)
            {
                var end = start + 1;
                while (end < spans.Length && spans[end].TraceId == spans[start].TraceId) end++;
                sink.AddTrace(spans[start..end]);
                start = end;
            }
        });
    }

    /// <summary>
    /// Writes a block directory: pages through <paramref name="writeTraces"/>, which hands every
    /// trace to the sink in trace-id order, then the index and <c>meta.json</c>, then renames the
    /// temporary directory into place.
    /// </summary>
    /// <param name="input">The batches the traces' <see cref="SpanKey"/>s point into; a streaming caller may grow it meanwhile.</param>
    /// <param name="dictionary">Holds every string the traces use, finished.</param>
    /// <param name="blockMinStart">No later than any span's start: trace starts are stored relative to it.</param>
    /// <param name="expectedTraces">At least the number of traces, to size the bloom filter.</param>
    internal static BlockMeta WriteBlock(string parentDirectory, int compactionLevel, BlockWriteOptions options, IReadOnlyList<SpanBatch> input,
        BlockDictionaryBuilder dictionary, long blockMinStart, int expectedTraces, Action<BlockPageSink> writeTraces)
    {
        var id = Guid.NewGuid();
        var temp = Path.Combine(parentDirectory, id.ToString("D") + BlockFormat.TempSuffix);
        var final = Path.Combine(parentDirectory, id.ToString("D"));
        Directory.CreateDirectory(temp);
        try
        {
            var tags = new TagIndexBuilder();
            var scopes = new ScopeTableBuilder(input, dictionary, tags);
            var bloom = BloomFilter.Create(expectedTraces);
            BlockPageSink sink;
            long dataBytes;
            using (var data = new FileStream(Path.Combine(temp, BlockFormat.DataFileName), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Span<byte> header = stackalloc byte[BlockFormat.FileHeaderLength];
                BitConverter.TryWriteBytes(header, BlockFormat.DataMagic);
                BitConverter.TryWriteBytes(header[4..], BlockFormat.Version);
                data.Write(header);
                var writer = new PageWriter(input, dictionary, scopes, tags, options, blockMinStart);
                sink = new BlockPageSink(writer, data, bloom, scopes, options);
                writeTraces(sink);
                sink.Finish();
                data.Flush(flushToDisk: true);
                dataBytes = data.Length;
            }

            var index = new BlockIndexWriter(options);
            dictionary.WriteTo(index.BeginSection());
            index.EndSection(IndexSection.Dictionary);
            scopes.WriteResources(index.BeginSection());
            index.EndSection(IndexSection.Resources);
            scopes.WriteScopes(index.BeginSection());
            index.EndSection(IndexSection.Scopes);
            WritePageTable(index.BeginSection(), sink.Pages, blockMinStart);
            index.EndSection(IndexSection.Pages);
            WriteBloom(index.BeginSection(), bloom);
            index.EndSection(IndexSection.Bloom, compress: false);
            tags.WriteTo(index.BeginSection());
            index.EndSection(IndexSection.Tags);
            dictionary.WriteKeyTable(index.BeginSection());
            index.EndSection(IndexSection.AttributeKeys);
            var indexBytes = index.WriteTo(Path.Combine(temp, BlockFormat.IndexFileName));

            var empty = sink.SpanCount == 0;
            var meta = new BlockMeta(id, BlockFormat.Version, empty ? 0 : sink.MinStart, empty ? 0 : sink.MaxStart,
                sink.SpanCount, sink.TraceCount, dataBytes + indexBytes, compactionLevel);
            using (var f = new FileStream(Path.Combine(temp, BlockFormat.MetaFileName), FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(f, meta);
                f.Flush(flushToDisk: true);
            }
            Directory.Move(temp, final);
            return meta;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>The number of traces and the start time bounds of the (sorted) spans.</summary>
    private static int CountTraces(ReadOnlySpan<SpanKey> spans, out long minStart, out long maxStart)
    {
        minStart = long.MaxValue;
        maxStart = long.MinValue;
        var traces = 0;
        for (var i = 0; i < spans.Length; i++)
        {
            if (i == 0 || spans[i - 1].TraceId != spans[i].TraceId) traces++;
            minStart = Math.Min(minStart, spans[i].Start);
            maxStart = Math.Max(maxStart, spans[i].Start);
        }
        return traces;
    }

    /// <summary>
    /// Adds every string of every span to the dictionary, recording each span's uses for the
    /// page writer. Walks the batches in arrival order, i.e. through memory front to back; block
    /// order would jump between batches at every span. Spans dropped as duplicates add strings
    /// nothing refers to, which costs only their bytes in the dictionary.
    /// </summary>
    private static void CollectStrings(List<SpanBatch> input, BlockDictionaryBuilder dictionary)
    {
        for (var bi = 0; bi < input.Count; bi++)
        {
            var b = input[bi];
            var scopeSeen = new bool[b.Scopes.Count];
            foreach (ref var s in b.Spans.AsSpan())
            {
                if (!scopeSeen[s.Scope])
                {
                    scopeSeen[s.Scope] = true;
                    ScopeTableBuilder.AddStrings(b, s.Scope, dictionary);
                }
                // The order PageWriter.AddSpan visits the same strings in.
                dictionary.BeginSpan();
                dictionary.Use(b.Utf8(s.Name));
                dictionary.UseValue(b.Utf8(s.TraceState));
                dictionary.UseValue(b.Utf8(s.StatusMessage));
                AttributeColumnWriter.UseStrings(b, b.SpanAttributes, s.Attributes, dictionary);
                for (var e = s.Events.Start; e < s.Events.End; e++)
                {
                    dictionary.Use(b.Utf8(b.Events[e].Name));
                    AttributeColumnWriter.UseStrings(b, b.EventAttributes, b.Events[e].Attributes, dictionary);
                }
                for (var l = s.Links.Start; l < s.Links.End; l++)
                {
                    dictionary.UseValue(b.Utf8(b.Links[l].TraceState));
                    AttributeColumnWriter.UseStrings(b, b.LinkAttributes, b.Links[l].Attributes, dictionary);
                }
            }
        }
    }

    private static void WritePageTable(ByteBuffer b, List<PageInfo> pages, long blockMinStart)
    {
        b.WriteVarInt(blockMinStart);
        b.WriteVarUInt((ulong)pages.Count);
        foreach (var p in pages) p.WriteTo(b);
    }

    private static void WriteBloom(ByteBuffer b, BloomFilter bloom)
    {
        b.WriteVarUInt((ulong)bloom.WordCount);
        foreach (var w in bloom.Words) b.WriteUInt64(w);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for RemoveIncomplete at the next start; the original error matters more.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
