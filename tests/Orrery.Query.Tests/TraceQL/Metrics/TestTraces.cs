using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;

namespace Orrery.Query.Tests.TraceQL.Metrics;

/// <summary>A hand-written span: times in nanoseconds, attributes as (key, string/long/int/double/bool).</summary>
internal sealed record TestSpan(
    ulong Trace,
    ulong Id,
    ulong Parent,
    string Service,
    string Name,
    long Start,
    long Duration,
    StatusCode Status = StatusCode.Unset,
    SpanKind Kind = SpanKind.Internal,
    (string Key, object Value)[]? Attributes = null);

internal static class TestTraces
{
    /// <summary>
    /// One batch; consecutive spans of one service share a resource (holding <c>service.name</c>)
    /// and scope, as an exporter's batch groups them.
    /// </summary>
    public static SpanBatch Build(IEnumerable<TestSpan> spans)
    {
        var batch = new SpanBatch();
        string? previousService = null;
        var scope = -1;
        foreach (var span in spans)
        {
            if (span.Service != previousService)
            {
                var resourceAttributes = batch.ResourceAttributes.Count;
                batch.ResourceAttributes.Add(new KeyValueRow { Key = batch.Bytes.Append("service.name"), Value = AnyValueRow.FromString(batch.Bytes.Append(span.Service)) });
                var resource = batch.Resources.Add(new ResourceRow { Attributes = new RowRange(resourceAttributes, 1) });
                scope = batch.Scopes.Add(new ScopeRow { Resource = resource, Name = batch.Bytes.Append("test-scope") });
                previousService = span.Service;
            }
            var spanAttributes = batch.SpanAttributes.Count;
            foreach (var (key, value) in span.Attributes ?? [])
            {
                batch.SpanAttributes.Add(new KeyValueRow
                {
                    Key = batch.Bytes.Append(key),
                    Value = value switch
                    {
                        string s => AnyValueRow.FromString(batch.Bytes.Append(s)),
                        bool b => AnyValueRow.FromBool(b),
                        double d => AnyValueRow.FromDouble(d),
                        int i => AnyValueRow.FromInt(i),
                        long l => AnyValueRow.FromInt(l),
                        _ => throw new ArgumentException($"unsupported attribute value {value}"),
                    },
                });
            }
            batch.Spans.Add(new SpanRow
            {
                Scope = scope,
                TraceId = new TraceId(0, span.Trace),
                SpanId = new SpanId(span.Id),
                ParentSpanId = new SpanId(span.Parent),
                Name = batch.Bytes.Append(span.Name),
                Kind = span.Kind,
                StatusCode = span.Status,
                StartUnixNano = span.Start,
                EndUnixNano = span.Start + span.Duration,
                Attributes = new RowRange(spanAttributes, batch.SpanAttributes.Count - spanAttributes),
            });
        }
        return batch;
    }
}

/// <summary>
/// A trace reader over hand-written spans: each part is one storage part (like the head and a
/// block), yielding its spans trace by trace; <see cref="FindTrace"/> merges a trace over all parts.
/// </summary>
internal sealed class InMemoryTraceReader(params IReadOnlyList<TestSpan>[] parts) : ITraceReader
{
    private readonly SpanBatch[] _batches = parts.Select(TestTraces.Build).ToArray();

    public int FindTraceCalls { get; private set; }

    public FetchSpansRequest? LastRequest { get; private set; }

    public IEnumerable<TraceSpans> FetchTraces(string tenant, FetchSpansRequest request, CancellationToken cancellationToken = default)
    {
        LastRequest = request;
        foreach (var batch in _batches)
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

    public SpanBatch? FindTrace(string tenant, TraceId traceId, TimeRange range)
    {
        FindTraceCalls++;
        var spans = parts.SelectMany(p => p).Where(s => new TraceId(0, s.Trace) == traceId && range.Contains(s.Start)).ToList();
        return spans.Count == 0 ? null : TestTraces.Build(spans);
    }

    public IReadOnlyCollection<string> TagNames(string tenant, AttributeScope scope, TimeRange range, int limit) => scope switch
    {
        AttributeScope.Resource => ["service.name"],
        _ => parts.SelectMany(p => p).SelectMany(s => s.Attributes ?? []).Select(a => a.Key).Distinct().ToList(),
    };

    public IReadOnlyCollection<TagValue> TagValues(string tenant, AttributeRef tag, TimeRange range, int limit) =>
        tag.Scope == AttributeScope.Resource && tag.Name == "service.name"
            ? parts.SelectMany(p => p).Select(s => s.Service).Distinct().Select(s => new TagValue("string", s)).ToList()
            : [];
}
