using Orrery.Signals;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>Columnar search: finding and describing matching traces without assembling their spans.</summary>
public sealed partial class TraceBlock
{
    private string[]? _serviceNames;

    /// <summary>
    /// Hands <paramref name="into"/> each trace of this block with a span that satisfies the
    /// request's conditions and a span starting in its range, described from the columns it needs:
    /// per page the trace structure (ids, span counts, starts, durations, parents, names, scopes)
    /// once for all its matching traces, and the shown attributes only for the matching spans.
    /// A trace that this block cannot describe alone — one split over pages, one that
    /// <paramref name="elsewhere"/> says may have spans in another part, one whose shown value is a
    /// long inline string — is added to <paramref name="wholes"/> instead, for the caller to read
    /// whole. Returns false, having done nothing, when the conditions or the shown fields cannot
    /// be decided exactly on the columns (the caller then reads rows, as <see cref="FetchTraces"/>).
    /// </summary>
    internal bool TrySearch(SpanSearchRequest request, SpanSearchSink into, Func<TraceId, bool> elsewhere, ICollection<TraceId> wholes, CancellationToken cancellationToken)
    {
        var fetch = request.Fetch;
        if (!fetch.AllConditions && fetch.Conditions.Count > 1) return false;
        foreach (var c in fetch.Conditions)
        {
            if (!PageFilter.IsExact(c)) return false;
        }
        var shown = ShownFields.Compile(request.Shown, _index);
        if (shown is null) return false;
        if (Meta.SpanCount == 0 || !fetch.Range.Overlaps(Meta.MinStartUnixNano, Meta.MaxStartUnixNano)) return true;
        if (!_pruner.MayMatch(fetch, null)) return true;

        _serviceNames ??= ShownFields.ServiceNames(_index);
        var filter = PageFilter.Compile(fetch, _index);
        var pages = _index.Pages;
        var scratch = new SearchScratch();
        for (var p = 0; p < pages.Length; p++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!into.Continue()) return true;
            var page = pages[p];
            if (!fetch.Range.Overlaps(page.MinStart, page.MaxStart) || !_pruner.MayMatch(fetch, page)) continue;
            using var data = ReadPage(p);
            SearchPage(p, data, filter, shown, fetch.Range, into, elsewhere, wholes, scratch);
        }
        return true;
    }

    private void SearchPage(
        int p, PageData data, PageFilter? filter, ShownFields shown, TimeRange range, SpanSearchSink into,
        Func<TraceId, bool> elsewhere, ICollection<TraceId> wholes, SearchScratch s)
    {
        var pages = _index.Pages;
        var page = pages[p];
        var n = page.SpanCount;
        var matches = filter is null ? default : filter.EvaluateSpans(data, n);
        if (filter is not null && !matches.Contains(true))
        {
            into.AddInspected(page.TraceCount, n, data.LoadedBytes);
            return;
        }
        s.Grow(n, shown.Count);
        var starts = s.Starts.AsSpan(0, n);
        ReadStarts(data, page, starts);

        // Which spans to describe: those matching, in traces with a span starting in range that this block holds alone.
        var wanted = s.Wanted.AsSpan(0, n);
        wanted.Clear();
        var counts = new ColumnCursor(data.Array(Column.TraceSpanCounts, out var countsLength), countsLength, Column.TraceSpanCounts);
        var ids = new ColumnCursor(data.Array(Column.TraceIds, out var idsLength), idsLength, Column.TraceIds);
        var traces = s.Traces;
        traces.Clear();
        var at = 0;
        for (var t = 0; t < page.TraceCount; t++)
        {
            var id = new TraceId(ids.ReadUInt64BigEndian(), ids.ReadUInt64BigEndian());
            var count = counts.ReadCount();
            var first = at;
            at += count;
            var match = filter is null || matches.Slice(first, count).Contains(true);
            if (!match || !AnyIn(starts.Slice(first, count), range)) continue;
            var split = (t == 0 && p > 0 && pages[p - 1].MaxTraceId == id)
                || (t == page.TraceCount - 1 && p + 1 < pages.Length && pages[p + 1].MinTraceId == id);
            if (split || elsewhere(id))
            {
                wholes.Add(id);
                continue;
            }
            traces.Add((id, first, count));
            if (filter is null) wanted.Slice(first, count).Fill(true);
            else matches.Slice(first, count).CopyTo(wanted.Slice(first, count));
        }
        if (at != n) throw new InvalidDataException($"trace span counts add up to {at}, not the page's {n} spans");
        if (traces.Count > 0) Describe(data, page, shown, range, starts, wanted, into, wholes, s);
        into.AddInspected(page.TraceCount, n, data.LoadedBytes);
    }

    /// <summary>Reads the structure columns of the chosen traces' rows only and hands over each chosen trace.</summary>
    private void Describe(
        PageData data, PageInfo page, ShownFields shown, TimeRange range, ReadOnlySpan<long> starts, ReadOnlySpan<bool> wanted,
        SpanSearchSink into, ICollection<TraceId> wholes, SearchScratch s)
    {
        var n = page.SpanCount;
        var durations = s.Durations.AsSpan(0, n);
        var names = s.Names.AsSpan(0, n);
        var scopes = s.Scopes.AsSpan(0, n);
        var roots = s.Roots.AsSpan(0, n);
        var spanIds = s.SpanIds.AsSpan(0, n);
        var d = Open(data, Column.Durations);
        var nm = Open(data, Column.Names);
        var sc = Open(data, Column.Scopes);
        var pa = Open(data, Column.Parents);
        var si = Open(data, Column.SpanIds);
        var ex = default(ColumnCursor);
        var externalOpened = false;
        var at = 0;
        foreach (var (_, first, count) in s.Traces)
        {
            // Only the chosen traces' rows are decoded; the columns are passed over in bulk up to each.
            var gap = first - at;
            d.SkipVarInts(gap);
            nm.SkipVarInts(gap);
            sc.SkipVarInts(gap);
            si.Skip(8L * gap);
            var skippedExternal = pa.SkipParents(gap);
            if (skippedExternal > 0)
            {
                OpenExternal(ref ex, ref externalOpened);
                ex.Skip(8L * skippedExternal);
            }
            at = first + count;
            for (var i = first; i < at; i++)
            {
                durations[i] = d.ReadVarInt();
                names[i] = nm.ReadCount();
                scopes[i] = sc.ReadCount();
                if ((uint)scopes[i] >= (uint)_serviceNames!.Length) throw new InvalidDataException($"scope {scopes[i]} out of range");
                spanIds[i] = si.ReadUInt64BigEndian();
                var parent = pa.ReadVarUInt();
                roots[i] = parent == PageWriter.NoParent;
                if (parent == PageWriter.ExternalParent)
                {
                    // External parent ids are not needed here, but their column must stay in step.
                    OpenExternal(ref ex, ref externalOpened);
                    ex.ReadUInt64BigEndian();
                }
            }
        }
        void OpenExternal(ref ColumnCursor cursor, ref bool opened)
        {
            if (opened) return;
            cursor = Open(data, Column.ParentIds);
            opened = true;
        }
        var values = s.Values;
        if (!shown.Read(data, _index.Dictionary, s.Traces, wanted, scopes, values))
        {
            // A shown value is stored inline: let the caller read these traces as rows.
            foreach (var (id, _, _) in s.Traces) wholes.Add(id);
            return;
        }

        foreach (var (id, first, count) in s.Traces)
        {
            long end = long.MinValue, latest = long.MinValue;
            var root = -1;
            var spans = new List<SpanMatch>();
            for (var i = first; i < first + count; i++)
            {
                end = Math.Max(end, starts[i] + durations[i]);
                if (range.Contains(starts[i])) latest = Math.Max(latest, starts[i]);
                if (root < 0 && roots[i]) root = i;
                if (!wanted[i]) continue;
                var shownValues = new StaticValue?[shown.Count];
                Array.Copy(values, i * shown.Count, shownValues, 0, shown.Count);
                spans.Add(new SpanMatch(new SpanId(spanIds[i]), _index.Dictionary.GetString(names[i]), starts[i], durations[i], shownValues));
            }
            into.Add(new TraceMatch(
                id,
                starts[first],
                end,
                latest,
                root < 0 ? null : _index.Dictionary.GetString(names[root]),
                root < 0 ? string.Empty : _serviceNames![scopes[root]],
                spans));
        }
    }

    private static ColumnCursor Open(PageData data, Column c) => new(data.Array(c, out var length), length, c);

    private static bool AnyIn(ReadOnlySpan<long> starts, TimeRange range)
    {
        foreach (var start in starts)
        {
            if (range.Contains(start)) return true;
        }
        return false;
    }

    /// <summary>Per-span buffers of one search, grown to the largest page.</summary>
    private sealed class SearchScratch
    {
        public long[] Starts = [];
        public long[] Durations = [];
        public int[] Names = [];
        public int[] Scopes = [];
        public bool[] Roots = [];
        public bool[] Wanted = [];
        public ulong[] SpanIds = [];
        public StaticValue?[] Values = [];
        public readonly List<(TraceId Id, int First, int Count)> Traces = [];

        public void Grow(int spans, int shown)
        {
            if (Starts.Length < spans)
            {
                Starts = new long[spans];
                Durations = new long[spans];
                Names = new int[spans];
                Scopes = new int[spans];
                Roots = new bool[spans];
                Wanted = new bool[spans];
                SpanIds = new ulong[spans];
            }
            if (Values.Length < spans * shown) Values = new StaticValue?[spans * shown];
        }
    }
}
