using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;

namespace Orrery.Query.Tests.Traces;

/// <summary>Yields each batch as one storage part per trace, like the head and blocks do.</summary>
internal sealed class FakeTraceReader(params SpanBatch[] parts) : ITraceReader
{
    public FetchSpansRequest? LastRequest { get; private set; }

    public IEnumerable<TraceSpans> FetchTraces(string tenant, FetchSpansRequest request, CancellationToken cancellationToken = default)
    {
        LastRequest = request;
        foreach (var batch in parts)
        {
            var byTrace = new SortedDictionary<TraceId, List<int>>();
            for (var row = 0; row < batch.Count; row++)
            {
                var span = batch.Spans[row];
                if (!request.Range.Contains(span.StartUnixNano)) continue;
                if (!byTrace.TryGetValue(span.TraceId, out var rows)) byTrace[span.TraceId] = rows = [];
                rows.Add(row);
            }
            foreach (var (traceId, rows) in byTrace) yield return new TraceSpans(traceId, batch, rows.ToArray());
        }
    }

    public SpanBatch? FindTrace(string tenant, TraceId traceId, TimeRange range) => throw new NotSupportedException();

    public IReadOnlyCollection<string> TagNames(string tenant, AttributeScope scope, TimeRange range, int limit) => throw new NotSupportedException();

    public IReadOnlyCollection<TagValue> TagValues(string tenant, AttributeRef tag, TimeRange range, int limit) => throw new NotSupportedException();
}
