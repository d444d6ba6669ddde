using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;

namespace Orrery.Api.Tests.Tempo;

/// <summary>An in-memory reader over one batch per tenant; records what it was asked.</summary>
internal sealed class FakeTraceReader : ITraceReader
{
    private readonly Dictionary<string, SpanBatch> _tenants = new();

    public TimeRange? LastRange { get; private set; }

    public AttributeRef? LastTag { get; private set; }

    public Dictionary<AttributeScope, string[]> Names { get; } = new();

    public List<TagValue> Values { get; } = [];

    public SpanBatch Add(string tenant, ulong traceId, string service, string name, long start, long end)
    {
        if (!_tenants.TryGetValue(tenant, out var batch)) _tenants[tenant] = batch = new SpanBatch();
        var attrStart = batch.ResourceAttributes.Count;
        batch.ResourceAttributes.Add(new KeyValueRow { Key = batch.Bytes.Append("service.name"), Value = AnyValueRow.FromString(batch.Bytes.Append(service)) });
        var resource = batch.Resources.Add(new ResourceRow { Attributes = new RowRange(attrStart, 1) });
        var scope = batch.Scopes.Add(new ScopeRow { Resource = resource });
        batch.Spans.Add(new SpanRow
        {
            Scope = scope,
            TraceId = new TraceId(0, traceId),
            SpanId = new SpanId(traceId),
            Name = batch.Bytes.Append(name),
            StartUnixNano = start,
            EndUnixNano = end,
        });
        return batch;
    }

    public SpanBatch? FindTrace(string tenant, TraceId traceId, TimeRange range)
    {
        LastRange = range;
        if (!_tenants.TryGetValue(tenant, out var batch)) return null;
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch.Spans[i].TraceId == traceId) return batch;
        }
        return null;
    }

    public IEnumerable<TraceSpans> FetchTraces(string tenant, FetchSpansRequest request, CancellationToken cancellationToken = default)
    {
        LastRange = request.Range;
        if (!_tenants.TryGetValue(tenant, out var batch)) yield break;
        for (var i = 0; i < batch.Count; i++)
        {
            if (request.Range.Contains(batch.Spans[i].StartUnixNano)) yield return new TraceSpans(batch.Spans[i].TraceId, batch, new[] { i });
        }
    }

    public IReadOnlyCollection<string> TagNames(string tenant, AttributeScope scope, TimeRange range, int limit) =>
        Names.GetValueOrDefault(scope) ?? [];

    public IReadOnlyCollection<TagValue> TagValues(string tenant, AttributeRef tag, TimeRange range, int limit)
    {
        LastTag = tag;
        return Values;
    }
}
