using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// A read-only, opened block. Thread-safe for concurrent readers: the index is immutable once
/// loaded and pages are read with positional reads on a shared handle.
/// </summary>
public sealed partial class TraceBlock : IDisposable
{
    private readonly BlockIndex _index;
    private readonly SafeFileHandle _data;
    private readonly string _dataPath;
    private readonly BlockPruner _pruner;
    private DictionaryCopies? _spareCopies;

    private TraceBlock(string directory, BlockMeta meta, BlockIndex index, SafeFileHandle data, string dataPath)
    {
        Directory = directory;
        Meta = meta;
        _index = index;
        _data = data;
        _dataPath = dataPath;
        _pruner = new BlockPruner(index);
    }

    public string Directory { get; }

    public BlockMeta Meta { get; }

    internal int PageCount => _index.Pages.Length;

    /// <summary>Opens a complete block directory; throws <see cref="InvalidDataException"/> when it is corrupt.</summary>
    public static TraceBlock Open(string directory)
    {
        var metaPath = Path.Combine(directory, BlockFormat.MetaFileName);
        if (!File.Exists(metaPath))
            throw new InvalidDataException($"'{directory}' is not a complete block: it has no {BlockFormat.MetaFileName}");
        BlockMeta meta;
        try
        {
            meta = JsonSerializer.Deserialize<BlockMeta>(File.ReadAllBytes(metaPath))
                ?? throw new InvalidDataException("empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"block meta file '{metaPath}' is corrupt: {e.Message}", e);
        }
        if (meta.FormatVersion < 0 || !BlockFormat.IsReadable((uint)meta.FormatVersion))
            throw new InvalidDataException($"block '{directory}' has format version {meta.FormatVersion}; this build reads 2 and {BlockFormat.Version}");

        var index = BlockIndex.Read(Path.Combine(directory, BlockFormat.IndexFileName));
        var dataPath = Path.Combine(directory, BlockFormat.DataFileName);
        var data = File.OpenHandle(dataPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.RandomAccess);
        try
        {
            Span<byte> header = stackalloc byte[BlockFormat.FileHeaderLength];
            if (RandomAccess.Read(data, header, 0) != header.Length
                || BitConverter.ToUInt32(header) != BlockFormat.DataMagic
                || BitConverter.ToUInt32(header[4..]) != (uint)meta.FormatVersion)
                throw new InvalidDataException($"block data file '{dataPath}' is corrupt: bad header at offset 0");
            return new TraceBlock(directory, meta, index, data, dataPath);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <summary>Bloom-filter check: false means the trace is certainly not in this block.</summary>
    public bool MayContain(TraceId traceId) =>
        Meta.SpanCount > 0 && _index.Bloom.MayContain(Encodings.BloomFilter.Mix(traceId.High, traceId.Low));

    /// <summary>The trace's spans in this block whose start is in range, or null.</summary>
    public SpanBatch? FindTrace(TraceId traceId, TimeRange range)
    {
        if (!range.Overlaps(Meta.MinStartUnixNano, Meta.MaxStartUnixNano) || !MayContain(traceId)) return null;
        var pages = _index.Pages;
        var first = FirstPageEndingAtOrAfter(traceId);
        BatchBuilder? builder = null;
        var copies = RentCopies();
        for (var p = first; p < pages.Length && pages[p].MinTraceId <= traceId; p++)
        {
            if (!range.Overlaps(pages[p].MinStart, pages[p].MaxStart)) continue;
            using var data = ReadWholePage(p);
            var decoder = new PageDecoder(data, pages[p], _index.BlockMinStart);
            while (decoder.NextTrace())
            {
                var c = decoder.TraceId.CompareTo(traceId);
                if (c > 0) break;
                if (c < 0)
                {
                    decoder.Skip();
                    continue;
                }
                builder ??= new BatchBuilder(_index, new SpanBatch(), SpanFields.All, copies);
                decoder.Read(builder, range);
            }
        }
        ReturnCopies(copies);
        return builder is { Batch.Count: > 0 } ? builder.Batch : null;
    }

    /// <summary>
    /// The spans in range of each of <paramref name="sortedIds"/> this block holds, handed to
    /// <paramref name="found"/> as rows of a per-page batch (a trace split over pages comes once per
    /// page). Each page holding any of them is read and decoded once, however many it holds.
    /// </summary>
    internal void FindTraces(IReadOnlyList<TraceId> sortedIds, TimeRange range, Action<TraceId, SpanBatch, int, int> found)
    {
        if (Meta.SpanCount == 0 || !range.Overlaps(Meta.MinStartUnixNano, Meta.MaxStartUnixNano)) return;
        var pages = _index.Pages;
        var wanted = new HashSet<TraceId>();
        var toRead = new SortedSet<int>();
        foreach (var id in sortedIds)
        {
            if (!MayContain(id)) continue;
            for (var p = FirstPageEndingAtOrAfter(id); p < pages.Length && pages[p].MinTraceId <= id; p++)
            {
                if (!range.Overlaps(pages[p].MinStart, pages[p].MaxStart)) continue;
                toRead.Add(p);
                wanted.Add(id);
            }
        }
        var hits = new List<(TraceId Id, int Start, int Count)>();
        var copies = RentCopies();
        foreach (var p in toRead)
        {
            hits.Clear();
            var builder = new BatchBuilder(_index, new SpanBatch(), SpanFields.All, copies);
            using (var data = ReadWholePage(p))
            {
                var decoder = new PageDecoder(data, pages[p], _index.BlockMinStart);
                while (decoder.NextTrace())
                {
                    if (!wanted.Contains(decoder.TraceId))
                    {
                        decoder.Skip();
                        continue;
                    }
                    var start = builder.Batch.Count;
                    if (decoder.Read(builder, range) > 0) hits.Add((decoder.TraceId, start, builder.Batch.Count - start));
                }
            }
            foreach (var (id, start, count) in hits) found(id, builder.Batch, start, count);
        }
        ReturnCopies(copies);
    }

    /// <summary>
    /// Candidate traces, per <see cref="ITraceReader.FetchTraces"/>'s contract. Pages are skipped
    /// by their index summaries first; on the rest the conditions run on the encoded columns
    /// (<see cref="PageFilter"/>), and only traces with a span that may match are assembled. A page
    /// without such a trace costs only the columns the conditions read.
    /// </summary>
    public IEnumerable<TraceSpans> FetchTraces(FetchSpansRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stats = request.Statistics;
        if (Meta.SpanCount == 0 || !request.Range.Overlaps(Meta.MinStartUnixNano, Meta.MaxStartUnixNano)) yield break;
        if (!_pruner.MayMatch(request, null))
        {
            stats?.AddSkipped(_index.Pages.Length, Meta.SpanCount);
            yield break;
        }

        var filter = PageFilter.Compile(request, _index);
        var pages = _index.Pages;
        var found = new List<(TraceId Id, int Start, int Count)>();
        TraceId? continued = null;
        var splits = new List<SpanBatch>();
        var traceMatches = new bool[64];
        var copies = RentCopies();
        try
        {
            for (var p = 0; p < pages.Length; p++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = pages[p];
                if (!request.Range.Overlaps(page.MinStart, page.MaxStart) || !_pruner.MayMatch(request, page))
                {
                    stats?.AddSkipped(1, page.SpanCount);
                    continue;
                }

                found.Clear();
                splits.Clear();
                BatchBuilder? builder = null;
                using (var data = ReadPage(p))
                {
                    if (traceMatches.Length < page.TraceCount) traceMatches = new bool[Math.Max(page.TraceCount, traceMatches.Length * 2)];
                    var matches = traceMatches.AsSpan(0, page.TraceCount);
                    if (filter is not null)
                    {
                        var any = filter.Evaluate(data, page, matches);
                        stats?.AddEvaluated(page.SpanCount);
                        if (!any) continue;
                    }
                    else
                    {
                        matches.Fill(true);
                    }

                    builder = new BatchBuilder(_index, new SpanBatch(), request.Fields, copies);
                    if ((request.Fields & SpanFields.Rest) != 0) data.LoadWhole();
                    var decoder = new PageDecoder(data, page, _index.BlockMinStart);
                    var t = 0;
                    while (decoder.NextTrace())
                    {
                        var id = decoder.TraceId;
                        var match = matches[t++];
                        var split = (t == 1 && p > 0 && pages[p - 1].MaxTraceId == id)
                            || (t == page.TraceCount && p + 1 < pages.Length && pages[p + 1].MinTraceId == id);
                        if (split && match)
                        {
                            // A trace split over pages is yielded once and whole, from the first page where it may match.
                            decoder.Skip(builder.Fields);
                            if (continued != id)
                            {
                                continued = id;
                                var whole = FindTrace(id, TimeRange.All);
                                if (whole is not null && AnyStartIn(whole, request.Range)) splits.Add(whole);
                            }
                            continue;
                        }
                        if (!match || !decoder.AnyStartIn(request.Range))
                        {
                            decoder.Skip(builder.Fields);
                            continue;
                        }
                        var start = builder.Batch.Count;
                        decoder.Read(builder, TimeRange.All);
                        found.Add((id, start, builder.Batch.Count - start));
                    }
                }
                stats?.AddDecoded(builder.Batch.Count);

                var rows = Identity(builder.Batch.Count);
                foreach (var (id, start, count) in found) yield return new TraceSpans(id, builder.Batch, rows.AsMemory(start, count));
                foreach (var whole in splits) yield return new TraceSpans(whole.Spans[0].TraceId, whole, Identity(whole.Count));
            }
        }
        finally
        {
            ReturnCopies(copies);
        }
    }

    /// <summary>Every span of the block, in trace-id order, a page at a time (for compaction).</summary>
    /// <remarks>The dictionary table goes back when the enumeration ends, also when it is abandoned (its enumerator disposed).</remarks>
    public IEnumerable<SpanBatch> ReadAll()
    {
        var copies = RentCopies();
        try
        {
            for (var p = 0; p < _index.Pages.Length; p++)
            {
                var builder = new BatchBuilder(_index, new SpanBatch(), SpanFields.All, copies);
                using (var data = ReadWholePage(p))
                {
                    var decoder = new PageDecoder(data, _index.Pages[p], _index.BlockMinStart);
                    while (decoder.NextTrace()) decoder.Read(builder, TimeRange.All);
                }
                yield return builder.Batch;
            }
        }
        finally
        {
            ReturnCopies(copies);
        }
    }

    public void Dispose() => _data.Dispose();

    /// <summary>
    /// A table of dictionary copies for a read's batches (<see cref="DictionaryCopies"/>); one is kept
    /// between reads, so a search that reads a page per matching trace does not allocate one each time.
    /// Null when the block's dictionary is too large for a table (the builder then uses a map).
    /// </summary>
    private DictionaryCopies? RentCopies() => BatchBuilder.UsesCopies(_index.Dictionary.Count)
        ? Interlocked.Exchange(ref _spareCopies, null) ?? new DictionaryCopies(_index.Dictionary.Count)
        : null;

    private void ReturnCopies(DictionaryCopies? copies)
    {
        if (copies is not null) Volatile.Write(ref _spareCopies, copies);
    }

    private PageData ReadPage(int page) => PageData.Read(_data, _dataPath, _index.Pages[page], page);

    /// <summary>A page about to be decoded whole: one read for all its columns.</summary>
    private PageData ReadWholePage(int page)
    {
        var data = ReadPage(page);
        data.LoadWhole();
        return data;
    }

    /// <summary>Binary search over the sparse index: the first page whose last trace id is not below <paramref name="id"/>.</summary>
    private int FirstPageEndingAtOrAfter(TraceId id)
    {
        var pages = _index.Pages;
        int lo = 0, hi = pages.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (pages[mid].MaxTraceId < id) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static bool AnyStartIn(SpanBatch batch, TimeRange range)
    {
        foreach (ref var s in batch.Spans.AsSpan())
        {
            if (range.Contains(s.StartUnixNano)) return true;
        }
        return false;
    }

    private static int[] Identity(int count)
    {
        var rows = new int[count];
        for (var i = 0; i < count; i++) rows[i] = i;
        return rows;
    }
}
