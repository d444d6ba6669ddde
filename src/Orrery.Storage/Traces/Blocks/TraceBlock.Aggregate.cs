using System.Numerics;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>Columnar metrics: counting spans per group and interval without assembling them.</summary>
public sealed partial class TraceBlock
{
    /// <summary>
    /// Counts this block's spans into <paramref name="into"/> per <see cref="SpanAggregateRequest"/>,
    /// reading only the columns the conditions, the group and the start times live in. Returns
    /// false, having counted nothing, when the conditions or the group cannot be decided exactly
    /// on this block's columns (the caller then reads the block's spans as rows).
    /// </summary>
    internal bool TryAggregate(SpanAggregateRequest request, SpanAggregation into, CancellationToken cancellationToken)
    {
        var fetch = request.Fetch;
        if (!fetch.AllConditions && fetch.Conditions.Count > 1) return false;
        foreach (var c in fetch.Conditions)
        {
            if (!PageFilter.IsExact(c)) return false;
        }
        var group = SpanGroupColumn.Compile(request.GroupBy, _index, into);
        if (group is null) return false;
        if (Meta.SpanCount == 0 || !fetch.Range.Overlaps(Meta.MinStartUnixNano, Meta.MaxStartUnixNano)) return true;
        if (!_pruner.MayMatch(fetch, null)) return true;

        var filter = PageFilter.Compile(fetch, _index);
        var scratch = new Scratch();
        var pages = _index.Pages;
        for (var p = 0; p < pages.Length; p++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (into.IsOverLimit) return true;
            var page = pages[p];
            if (!fetch.Range.Overlaps(page.MinStart, page.MaxStart) || !_pruner.MayMatch(fetch, page)) continue;
            using var data = ReadPage(p);
            AggregatePage(data, page, filter, group, request, into, scratch);
        }
        return true;
    }

    private void AggregatePage(PageData data, PageInfo page, PageFilter? filter, SpanGroupColumn group, SpanAggregateRequest request, SpanAggregation into, Scratch scratch)
    {
        var n = page.SpanCount;
        into.AddInspected(n);
        var matches = filter is null ? default : filter.EvaluateSpans(data, n);
        if (filter is not null && !matches.Contains(true)) return;
        if (scratch.Groups.Length < n)
        {
            scratch.Groups = new SpanAggregateGroup[n];
            scratch.Starts = new long[n];
        }
        var groups = scratch.Groups.AsSpan(0, n);
        var starts = scratch.Starts.AsSpan(0, n);
        ReadStarts(data, page, starts);
        group.Resolve(data, groups);

        var buckets = request.DurationBuckets;
        var durations = buckets ? new ColumnCursor(data.Array(Column.Durations, out var length), length, Column.Durations) : default;
        var interval = request.Interval;
        for (var i = 0; i < n; i++)
        {
            var duration = buckets ? durations.ReadVarInt() : 0;
            if (filter is not null && !matches[i]) continue;
            var at = interval(starts[i]);
            if (at < 0) continue;
            if ((uint)at >= (uint)into.IntervalCount) throw new InvalidOperationException($"interval {at} outside the {into.IntervalCount} requested");
            var g = groups[i];
            g.Counts[at]++;
            // Bucket b holds (2^(b-1), 2^b], as Log2Histogram.Bucketize; below 2 ns there is none.
            if (buckets && duration >= 2) g.DurationBuckets![(at * SpanAggregation.BucketsPerInterval) + 64 - BitOperations.LeadingZeroCount((ulong)(duration - 1))]++;
        }
    }

    /// <summary>Each span's start time, from the trace starts and the spans' offsets.</summary>
    private void ReadStarts(PageData data, PageInfo page, Span<long> starts)
    {
        var counts = new ColumnCursor(data.Array(Column.TraceSpanCounts, out var l1), l1, Column.TraceSpanCounts);
        var traceStarts = new ColumnCursor(data.Array(Column.TraceStarts, out var l2), l2, Column.TraceStarts);
        var offsets = new ColumnCursor(data.Array(Column.StartOffsets, out var l3), l3, Column.StartOffsets);
        var at = 0;
        for (var t = 0; t < page.TraceCount; t++)
        {
            var count = counts.ReadCount();
            if (count > starts.Length - at) throw new InvalidDataException($"trace span counts exceed the page's {starts.Length} spans");
            var traceStart = _index.BlockMinStart + (long)traceStarts.ReadVarUInt();
            for (var i = 0; i < count; i++) starts[at++] = traceStart + (long)offsets.ReadVarUInt();
        }
        if (at != starts.Length) throw new InvalidDataException($"trace span counts add up to {at}, not the page's {starts.Length} spans");
    }

    /// <summary>Per-span buffers of one aggregate call, grown to the largest page.</summary>
    private sealed class Scratch
    {
        public SpanAggregateGroup[] Groups = [];
        public long[] Starts = [];
    }
}
