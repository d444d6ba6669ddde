using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Storage.Tests.Support;

/// <summary>Builds span batches for tests: one resource (service) per batch, one scope.</summary>
public sealed class TestSpans
{
    /// <summary>2024-01-01T00:00:00Z in Unix nanoseconds: a fixed, recent base time.</summary>
    public const long BaseTime = 1_704_067_200_000_000_000;

    private readonly SpanBatch _batch = new();
    private readonly int _scope;

    public TestSpans(string service = "checkout", params (string Key, string Value)[] resourceAttributes)
    {
        var attrStart = _batch.ResourceAttributes.Count;
        _batch.ResourceAttributes.Add(new KeyValueRow { Key = _batch.Bytes.Append("service.name"), Value = AnyValueRow.FromString(_batch.Bytes.Append(service)) });
        foreach (var (k, v) in resourceAttributes)
        {
            _batch.ResourceAttributes.Add(new KeyValueRow { Key = _batch.Bytes.Append(k), Value = AnyValueRow.FromString(_batch.Bytes.Append(v)) });
        }
        var resource = _batch.Resources.Add(new ResourceRow { Attributes = new RowRange(attrStart, _batch.ResourceAttributes.Count - attrStart) });
        _scope = _batch.Scopes.Add(new ScopeRow { Resource = resource, Name = _batch.Bytes.Append("test-scope") });
    }

    public static TraceId Trace(int n) => new(0xABCD, (ulong)n);

    public TestSpans Span(TraceId trace, ulong spanId, long start, string name = "op", params (string Key, string Value)[] attributes)
    {
        var attrStart = _batch.SpanAttributes.Count;
        foreach (var (k, v) in attributes)
        {
            _batch.SpanAttributes.Add(new KeyValueRow { Key = _batch.Bytes.Append(k), Value = AnyValueRow.FromString(_batch.Bytes.Append(v)) });
        }
        _batch.Spans.Add(new SpanRow
        {
            Scope = _scope,
            TraceId = trace,
            SpanId = new SpanId(spanId),
            Name = _batch.Bytes.Append(name),
            Kind = SpanKind.Server,
            StartUnixNano = start,
            EndUnixNano = start + 1_000_000,
            Attributes = new RowRange(attrStart, _batch.SpanAttributes.Count - attrStart),
        });
        return this;
    }

    public SpanBatch Build() => _batch;

    /// <summary>Span ids of a batch, sorted, for comparing results.</summary>
    public static ulong[] SpanIds(SpanBatch? batch) =>
        batch is null ? [] : Enumerable.Range(0, batch.Count).Select(i => batch.Spans[i].SpanId.Value).Order().ToArray();
}
