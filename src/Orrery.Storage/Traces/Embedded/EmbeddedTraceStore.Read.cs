using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Embedded;

namespace Orrery.Storage.Traces.Embedded;

public sealed partial class EmbeddedTraceStore
{
    public SpanBatch? FindTrace(string tenant, TraceId traceId, TimeRange range)
    {
        if (ReadableTenant(tenant) is not { } traces) return null;
        using var view = traces.AcquireView();
        var assembler = new TraceAssembler();
        foreach (var handle in view.Blocks)
        {
            var meta = handle.Meta;
            if (!range.Overlaps(meta.MinStartUnixNano, meta.MaxStartUnixNano) || !handle.Block.MayContain(traceId)) continue;
            if (handle.Block.FindTrace(traceId, range) is { } found) assembler.AddAll(found);
        }
        foreach (var part in view.Parts) part.CollectTrace(traceId, range, assembler);
        return assembler.Result;
    }

    /// <summary>Several traces: each block reads each page holding one of them once, whatever the number of them it holds.</summary>
    public IReadOnlyDictionary<TraceId, SpanBatch> FindTraces(string tenant, IReadOnlyCollection<TraceId> traceIds, TimeRange range)
    {
        ArgumentNullException.ThrowIfNull(traceIds);
        var result = new Dictionary<TraceId, SpanBatch>();
        if (traceIds.Count == 0 || ReadableTenant(tenant) is not { } traces) return result;
        var sorted = traceIds.Distinct().Order().ToArray();
        var assemblers = new Dictionary<TraceId, TraceAssembler>(sorted.Length);
        TraceAssembler For(TraceId id)
        {
            if (!assemblers.TryGetValue(id, out var a)) assemblers[id] = a = new TraceAssembler();
            return a;
        }
        using (var view = traces.AcquireView())
        {
            foreach (var handle in view.Blocks)
            {
                var meta = handle.Meta;
                if (!range.Overlaps(meta.MinStartUnixNano, meta.MaxStartUnixNano)) continue;
                handle.Block.FindTraces(sorted, range, (id, batch, start, count) =>
                {
                    var assembler = For(id);
                    for (var row = start; row < start + count; row++) assembler.Add(batch, row);
                });
            }
            foreach (var part in view.Parts)
            {
                foreach (var id in sorted) part.CollectTrace(id, range, For(id));
            }
        }
        foreach (var (id, assembler) in assemblers)
        {
            if (assembler.Result is { } batch) result[id] = batch;
        }
        return result;
    }

    public IEnumerable<TraceSpans> FetchTraces(string tenant, FetchSpansRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ReadableTenant(tenant) is not { } traces) return [];
        return FetchTraces(traces, request, cancellationToken);
    }

    public IReadOnlyCollection<string> TagNames(string tenant, AttributeScope scope, TimeRange range, int limit)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (ReadableTenant(tenant) is not { } traces) return names;
        using var view = traces.AcquireView();
        foreach (var handle in view.Blocks)
        {
            if (names.Count >= limit) break;
            if (range.Overlaps(handle.Meta.MinStartUnixNano, handle.Meta.MaxStartUnixNano)) handle.Block.CollectTagNames(scope, names, limit);
        }
        foreach (var part in view.Parts)
        {
            if (names.Count >= limit) break;
            if (part.TryGetTimeBounds(out var min, out var max) && range.Overlaps(min, max)) part.Tags.CollectNames(scope, names, limit);
        }
        return names;
    }

    public IReadOnlyCollection<TagValue> TagValues(string tenant, AttributeRef tag, TimeRange range, int limit)
    {
        var values = new HashSet<TagValue>();
        if (ReadableTenant(tenant) is not { } traces) return values;
        using var view = traces.AcquireView();
        foreach (var handle in view.Blocks)
        {
            if (values.Count >= limit) break;
            if (range.Overlaps(handle.Meta.MinStartUnixNano, handle.Meta.MaxStartUnixNano)) handle.Block.CollectTagValues(tag, values, limit);
        }
        foreach (var part in view.Parts)
        {
            if (values.Count >= limit) break;
            if (part.TryGetTimeBounds(out var min, out var max) && range.Overlaps(min, max)) part.Tags.CollectValues(tag, values, limit);
        }
        return values;
    }

    public IEnumerable<TraceSpans> AggregateSpans(string tenant, SpanAggregateRequest request, SpanAggregation into, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(into);
        if (ReadableTenant(tenant) is not { } traces) return [];
        return AggregateSpans(traces, request, into, cancellationToken);
    }

    /// <summary>Blocks are counted over their columns where the request allows; head parts (and blocks that cannot be) are yielded as rows.</summary>
    private static IEnumerable<TraceSpans> AggregateSpans(
        TenantTraces traces, SpanAggregateRequest request, SpanAggregation into, CancellationToken cancellationToken)
    {
        using var view = traces.AcquireView();
        var fetch = request.Fetch;
        var range = fetch.Range;
        foreach (var handle in view.Blocks)
        {
            if (into.IsOverLimit) yield break;
            if (!range.Overlaps(handle.Meta.MinStartUnixNano, handle.Meta.MaxStartUnixNano)) continue;
            if (handle.Block.TryAggregate(request, into, cancellationToken)) continue;
            foreach (var item in handle.Block.FetchTraces(fetch, cancellationToken)) yield return item;
        }
        foreach (var part in view.Parts)
        {
            foreach (var item in part.FetchTraces(fetch, cancellationToken)) yield return item;
        }
    }

    /// <summary>Blocks first (oldest data), then head parts; the view keeps blocks open until enumeration ends.</summary>
    private static IEnumerable<TraceSpans> FetchTraces(
        TenantTraces traces, FetchSpansRequest request, CancellationToken cancellationToken)
    {
        using var view = traces.AcquireView();
        var range = request.Range;
        foreach (var handle in view.Blocks)
        {
            if (!range.Overlaps(handle.Meta.MinStartUnixNano, handle.Meta.MaxStartUnixNano)) continue;
            foreach (var item in handle.Block.FetchTraces(request, cancellationToken)) yield return item;
        }
        foreach (var part in view.Parts)
        {
            foreach (var item in part.FetchTraces(request, cancellationToken)) yield return item;
        }
    }

    /// <summary>The tenant's data, or null when it has none; waits for startup.</summary>
    private TenantTraces? ReadableTenant(string tenant)
    {
        StoreLifecycle.ValidateTenant(tenant);
        _lifecycle.WaitReady();
        return _tenants.GetValueOrDefault(tenant);
    }
}
