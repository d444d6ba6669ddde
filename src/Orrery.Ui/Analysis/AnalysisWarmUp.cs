using System.Text.Json;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Ui.Analysis;

/// <summary>
/// Runs the trace page's server path once on a small made-up trace, in the background at start:
/// the first trace anyone opens would otherwise pay for compiling the tree, critical path,
/// statistics and JSON code (measured in bench/ui: a cold server answered the 10,000-span trace
/// several times slower than a warm one). It costs a few tens of milliseconds of one core, once.
/// </summary>
internal static class AnalysisWarmUp
{
    public static void Start() => _ = Task.Run(Run);

    internal static void Run()
    {
        var batch = MadeUpTrace(200);
        var tree = TraceTree.From(batch);
        var path = CriticalPath.Compute(tree);
        var stats = TraceStatistics.Compute(tree, path);
        using var sink = new Utf8JsonWriter(Stream.Null);
        CompactTraceJson.Write(sink, batch, tree, path, stats);
        sink.Reset();
        UiAnalysisJson.WriteAnalysis(sink, tree, path, stats);
    }

    private static SpanBatch MadeUpTrace(int spans)
    {
        var b = new SpanBatch();
        var attrStart = b.ResourceAttributes.Count;
        b.ResourceAttributes.Add(new KeyValueRow { Key = b.Bytes.Append("service.name"), Value = AnyValueRow.FromString(b.Bytes.Append("warm-up")) });
        var resource = b.Resources.Add(new ResourceRow { Attributes = new RowRange(attrStart, 1) });
        var scope = b.Scopes.Add(new ScopeRow { Resource = resource });
        var trace = new TraceId(1, 1);
        for (var i = 1; i <= spans; i++)
        {
            var attributes = b.SpanAttributes.Count;
            b.SpanAttributes.Add(new KeyValueRow { Key = b.Bytes.Append("n"), Value = AnyValueRow.FromInt(i) });
            b.SpanAttributes.Add(new KeyValueRow { Key = b.Bytes.Append("s"), Value = AnyValueRow.FromString(b.Bytes.Append("v")) });
            b.Spans.Add(new SpanRow
            {
                Scope = scope,
                TraceId = trace,
                SpanId = new SpanId((ulong)i),
                ParentSpanId = new SpanId(i == 1 ? 0 : (ulong)(i / 2)),
                Name = b.Bytes.Append(i % 2 == 0 ? "even" : "odd"),
                StartUnixNano = i * 1000L,
                EndUnixNano = (i * 1000L) + 5000,
                Attributes = new RowRange(attributes, 2),
            });
        }
        return b;
    }
}
