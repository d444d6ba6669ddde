using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Storage.Embedded;
using Orrery.Storage.Logs.Blocks;

namespace Orrery.Storage.Logs.Embedded;

public sealed partial class EmbeddedLogStore
{
    public IEnumerable<LogStreamCursor> Select(string tenant, LogSelectRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        StoreLifecycle.ValidateTenant(tenant);
        _lifecycle.WaitReady();
        if (!_tenants.TryGetValue(tenant, out var logs)) return [];
        var range = request.Range;
        var backward = request.Direction == LogDirection.Backward;
        var filter = new LineFilter(request.RequiredSubstrings, request.TraceId);
        var streams = logs.Streams.Match(request.Matchers);
        var cursors = new List<LogStreamCursor>();
        if (streams.Count == 0) return cursors;

        var (blocks, parts) = logs.AcquireView();
        try
        {
            var sources = new Dictionary<int, List<LineSource>>();
            var usedBlocks = new Dictionary<int, List<LogBlockHandle>>();
            AddBlockSources(blocks, streams, range, filter, sources, usedBlocks, cancellationToken);
            AddHeadSources(logs, parts, streams, range, filter, sources);
            foreach (var stream in streams)
            {
                if (!sources.TryGetValue(stream.Id, out var list)) continue;
                // Each cursor holds its own block references, released when it is disposed.
                var held = usedBlocks.GetValueOrDefault(stream.Id) ?? [];
                foreach (var b in held) b.TryAcquire();
                cursors.Add(new MergedStreamCursor(stream.Labels, list, range.StartUnixNano, range.EndUnixNano, backward, filter,
                    held.Count == 0 ? null : () => { foreach (var b in held) b.Release(); }, prefetch: true));
            }
            return cursors;
        }
        finally
        {
            foreach (var b in blocks) b.Release();
        }
    }

    private static void AddBlockSources(
        List<LogBlockHandle> blocks, List<LogStream> streams, TimeRange range, LineFilter filter,
        Dictionary<int, List<LineSource>> sources, Dictionary<int, List<LogBlockHandle>> usedBlocks, CancellationToken cancellationToken)
    {
        var traceChunks = new List<int>();
        foreach (var handle in blocks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var block = handle.Block;
            if (!range.Overlaps(block.Meta.MinTimeNs, block.Meta.MaxTimeNs)) continue;
            traceChunks.Clear();
            if (filter.TraceId is { } traceId)
            {
                block.ChunksOfTrace(traceId, traceChunks);
                if (traceChunks.Count == 0) continue;
            }
            foreach (var stream in streams)
            {
                if (handle.StreamOf(stream.Id) is not { } bs || !range.Overlaps(bs.MinTimeNs, bs.MaxTimeNs)) continue;
                var chunks = block.ChunksOf(bs);
                List<LineSource>? list = null;
                for (var i = 0; i < chunks.Length; i++)
                {
                    ref readonly var chunk = ref chunks[i];
                    if (!range.Overlaps(chunk.MinTimeNs, chunk.MaxTimeNs)) continue;
                    if (filter.TraceId is not null && traceChunks.BinarySearch(bs.FirstChunk + i) < 0) continue;
                    if (!filter.Keys.IsEmpty && !chunk.MayContainAll(filter.Keys)) continue;
                    if (list is null)
                    {
                        if (!sources.TryGetValue(stream.Id, out list)) sources[stream.Id] = list = [];
                        if (!usedBlocks.TryGetValue(stream.Id, out var used)) usedBlocks[stream.Id] = used = [];
                        used.Add(handle);
                    }
                    list.Add(new ChunkLineSource(block, chunk, filter.Substrings));
                }
            }
        }
    }

    private static void AddHeadSources(
        TenantLogs logs, LogHeadPart[] parts, List<LogStream> streams, TimeRange range, LineFilter filter, Dictionary<int, List<LineSource>> sources)
    {
        var traceLines = new List<(int Stream, int Line)>();
        lock (logs.Sync)
        {
            foreach (var part in parts)
            {
                if (filter.TraceId is { } traceId)
                {
                    traceLines.Clear();
                    part.Traces.LinesOf(traceId, traceLines);
                    if (traceLines.Count == 0) continue;
                    foreach (var group in traceLines.GroupBy(x => x.Stream))
                    {
                        if (part.Get(group.Key) is not { } head || !streams.Exists(s => s.Id == group.Key)) continue;
                        var snapshot = head.Snapshot(part.Names.All);
                        var lines = group.Select(x => x.Line).ToArray();
                        Array.Sort(lines, (a, b) => snapshot.Timestamps[a] != snapshot.Timestamps[b] ? snapshot.Timestamps[a].CompareTo(snapshot.Timestamps[b]) : a.CompareTo(b));
                        AddTo(sources, group.Key, new HeadLineSource(snapshot, head.MinTimestamp, head.MaxTimestamp, lines));
                    }
                    continue;
                }
                foreach (var stream in streams)
                {
                    if (part.Get(stream.Id) is not { } head || !range.Overlaps(head.MinTimestamp, head.MaxTimestamp)) continue;
                    AddTo(sources, stream.Id, new HeadLineSource(head.Snapshot(part.Names.All), head.MinTimestamp, head.MaxTimestamp));
                }
            }
        }
    }

    private static void AddTo(Dictionary<int, List<LineSource>> sources, int stream, LineSource source)
    {
        if (!sources.TryGetValue(stream, out var list)) sources[stream] = list = [];
        list.Add(source);
    }

    public IReadOnlyList<string> LabelNames(string tenant, TimeRange range, IReadOnlyList<LabelMatcher>? matchers = null)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var s in StreamsWithData(tenant, matchers, range))
        {
            foreach (var l in s.Labels.AsSpan()) names.Add(l.Name);
        }
        return [.. names];
    }

    public IReadOnlyList<string> LabelValues(string tenant, string name, TimeRange range, IReadOnlyList<LabelMatcher>? matchers = null)
    {
        var values = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var s in StreamsWithData(tenant, matchers, range))
        {
            var v = s.Labels.Get(name);
            if (v.Length > 0) values.Add(v);
        }
        return [.. values];
    }

    public IReadOnlyList<LabelSet> Series(string tenant, IReadOnlyList<IReadOnlyList<LabelMatcher>> matcherSets, TimeRange range)
    {
        ArgumentNullException.ThrowIfNull(matcherSets);
        var result = new HashSet<LabelSet>();
        foreach (var matchers in matcherSets)
        {
            foreach (var s in StreamsWithData(tenant, matchers, range)) result.Add(s.Labels);
        }
        return [.. result.Order()];
    }

    public LogIndexStats IndexStats(string tenant, IReadOnlyList<LabelMatcher> matchers, TimeRange range)
    {
        StoreLifecycle.ValidateTenant(tenant);
        _lifecycle.WaitReady();
        if (!_tenants.TryGetValue(tenant, out var logs)) return default;
        var streams = logs.Streams.Match(matchers);
        var seen = new HashSet<int>();
        long chunks = 0, entries = 0, bytes = 0;
        var (blocks, parts) = logs.AcquireView();
        try
        {
            foreach (var handle in blocks)
            {
                if (!range.Overlaps(handle.Meta.MinTimeNs, handle.Meta.MaxTimeNs)) continue;
                foreach (var stream in streams)
                {
                    if (handle.StreamOf(stream.Id) is not { } bs) continue;
                    foreach (var chunk in handle.Block.ChunksOf(bs))
                    {
                        if (!range.Overlaps(chunk.MinTimeNs, chunk.MaxTimeNs)) continue;
                        seen.Add(stream.Id);
                        chunks++;
                        entries += chunk.Lines;
                        bytes += chunk.LineBytes;
                    }
                }
            }
            lock (logs.Sync)
            {
                foreach (var part in parts)
                {
                    foreach (var stream in streams)
                    {
                        if (part.Get(stream.Id) is not { } head || !range.Overlaps(head.MinTimestamp, head.MaxTimestamp)) continue;
                        // A head stream counts as one chunk, as an open chunk does in Loki's ingesters.
                        seen.Add(stream.Id);
                        chunks++;
                        entries += head.CountIn(range);
                        bytes += head.LineBytes;
                    }
                }
            }
        }
        finally
        {
            foreach (var b in blocks) b.Release();
        }
        return new LogIndexStats(seen.Count, chunks, entries, bytes);
    }

    /// <summary>Streams matching <paramref name="matchers"/> (all when null) with lines in the range.</summary>
    private List<LogStream> StreamsWithData(string tenant, IReadOnlyList<LabelMatcher>? matchers, TimeRange range)
    {
        StoreLifecycle.ValidateTenant(tenant);
        _lifecycle.WaitReady();
        var result = new List<LogStream>();
        if (!_tenants.TryGetValue(tenant, out var logs)) return result;
        var streams = logs.Streams.Match(matchers is { Count: > 0 } ? matchers : null);
        var (blocks, parts) = logs.AcquireView();
        try
        {
            lock (logs.Sync)
            {
                foreach (var stream in streams)
                {
                    var has = false;
                    foreach (var part in parts)
                    {
                        if (part.Get(stream.Id) is { } head && range.Overlaps(head.MinTimestamp, head.MaxTimestamp))
                        {
                            has = true;
                            break;
                        }
                    }
                    if (!has)
                    {
                        foreach (var b in blocks)
                        {
                            if (b.StreamOf(stream.Id) is { } bs && range.Overlaps(bs.MinTimeNs, bs.MaxTimeNs))
                            {
                                has = true;
                                break;
                            }
                        }
                    }
                    if (has) result.Add(stream);
                }
            }
        }
        finally
        {
            foreach (var b in blocks) b.Release();
        }
        return result;
    }
}
