using Orrery.Signals;
using Orrery.Storage.Traces.Blocks;

namespace Orrery.Storage.Traces.Embedded;

public sealed partial class EmbeddedTraceStore
{
    public bool SupportsColumnarSearch => true;

    public IEnumerable<TraceSpans> SearchSpans(string tenant, SpanSearchRequest request, SpanSearchSink into, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(into);
        if (ReadableTenant(tenant) is not { } traces) return [];
        return SearchSpans(traces, request, into, cancellationToken);
    }

    /// <summary>
    /// Head parts first (newest, as rows), then blocks newest first over their columns. A trace a
    /// block finds is described there only when no other part may hold spans of it (bloom filters,
    /// head lookups); otherwise it is read whole from every part and yielded once as one part.
    /// </summary>
    private static IEnumerable<TraceSpans> SearchSpans(
        TenantTraces traces, SpanSearchRequest request, SpanSearchSink into, CancellationToken cancellationToken)
    {
        using var view = traces.AcquireView();
        var fetch = request.Fetch;
        var range = fetch.Range;
        for (var i = view.Parts.Length - 1; i >= 0; i--)
        {
            if (!into.Continue()) yield break;
            foreach (var item in view.Parts[i].FetchTraces(fetch, cancellationToken)) yield return item;
        }

        var blocks = view.Blocks.Where(h => range.Overlaps(h.Meta.MinStartUnixNano, h.Meta.MaxStartUnixNano))
            .OrderByDescending(h => h.Meta.MaxStartUnixNano).ToList();
        var yielded = new HashSet<TraceId>();
        var wholes = new List<TraceId>();
        foreach (var handle in blocks)
        {
            if (!into.Continue()) yield break;
            var block = handle.Block;
            wholes.Clear();
            bool Elsewhere(TraceId id)
            {
                foreach (var other in view.Blocks)
                {
                    if (!ReferenceEquals(other.Block, block) && other.Block.MayContain(id)) return true;
                }
                foreach (var part in view.Parts)
                {
                    if (part.HasTrace(id)) return true;
                }
                return false;
            }
            if (!block.TrySearch(request, into, Elsewhere, wholes, cancellationToken))
            {
                foreach (var item in block.FetchTraces(fetch, cancellationToken)) yield return item;
                continue;
            }
            foreach (var id in wholes)
            {
                if (!yielded.Add(id) || Whole(view, id) is not { } batch) continue;
                var rows = new int[batch.Count];
                for (var r = 0; r < rows.Length; r++) rows[r] = r;
                yield return new TraceSpans(id, batch, rows);
            }
        }
    }

    /// <summary>Every stored span of one trace, from every part of the view.</summary>
    private static Signals.Traces.SpanBatch? Whole(TenantView view, TraceId id)
    {
        var assembler = new TraceAssembler();
        foreach (var handle in view.Blocks)
        {
            if (handle.Block.MayContain(id) && handle.Block.FindTrace(id, TimeRange.All) is { } found) assembler.AddAll(found);
        }
        foreach (var part in view.Parts) part.CollectTrace(id, TimeRange.All, assembler);
        return assembler.Result;
    }
}
