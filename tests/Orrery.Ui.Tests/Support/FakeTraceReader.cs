using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;

namespace Orrery.Ui.Tests.Support;

/// <summary>Serves hand-built traces by id; searching is not supported.</summary>
internal sealed class FakeTraceReader : ITraceReader
{
    private readonly Dictionary<TraceId, SpanBatch> _traces = [];

    /// <summary>Adds a trace of (span id, parent id, service, name, start ms, end ms) spans.</summary>
    public FakeTraceReader Add(TraceId traceId, params (ulong Id, ulong Parent, string Service, string Name, long StartMs, long EndMs)[] spans)
    {
        var batch = new SpanBatch();
        foreach (var (id, parent, service, name, start, end) in spans)
        {
            var attrStart = batch.ResourceAttributes.Count;
            batch.ResourceAttributes.Add(new KeyValueRow { Key = batch.Bytes.Append("service.name"), Value = AnyValueRow.FromString(batch.Bytes.Append(service)) });
            var resource = batch.Resources.Add(new ResourceRow { Attributes = new RowRange(attrStart, 1) });
            var scope = batch.Scopes.Add(new ScopeRow { Resource = resource });
            batch.Spans.Add(new SpanRow
            {
                Scope = scope,
                TraceId = traceId,
                SpanId = new SpanId(id),
                ParentSpanId = new SpanId(parent),
                Name = batch.Bytes.Append(name),
                StartUnixNano = 1_700_000_000_000_000_000 + (start * 1_000_000),
                EndUnixNano = 1_700_000_000_000_000_000 + (end * 1_000_000),
            });
        }
        _traces[traceId] = batch;
        return this;
    }

    public SpanBatch? FindTrace(string tenant, TraceId traceId, TimeRange range) => _traces.GetValueOrDefault(traceId);

    public IEnumerable<TraceSpans> FetchTraces(string tenant, FetchSpansRequest request, CancellationToken cancellationToken = default) => [];

    public IReadOnlyCollection<string> TagNames(string tenant, AttributeScope scope, TimeRange range, int limit) => [];

    public IReadOnlyCollection<TagValue> TagValues(string tenant, AttributeRef tag, TimeRange range, int limit) => [];
}
