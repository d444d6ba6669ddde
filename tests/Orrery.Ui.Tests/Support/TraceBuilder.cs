using Orrery.Signals;
using Orrery.Ui.Analysis;

namespace Orrery.Ui.Tests.Support;

/// <summary>Hand-built traces: spans named by a letter, times in milliseconds from zero.</summary>
internal sealed class TraceBuilder
{
    private readonly List<AnalysisSpan> _spans = [];
    private readonly Dictionary<string, SpanId> _ids = [];

    public TraceBuilder Span(string name, string? parent, long startMs, long endMs, string service = "svc", bool error = false)
    {
        var id = new SpanId((ulong)(_ids.Count + 1));
        _ids[name] = id;
        var parentId = parent is null ? default : _ids[parent];
        _spans.Add(new AnalysisSpan(id, parentId, startMs * 1_000_000, endMs * 1_000_000, service, name, error));
        return this;
    }

    /// <summary>A span whose parent id is given raw (to point at a missing span or form a cycle).</summary>
    public TraceBuilder SpanWithParentId(string name, ulong id, ulong parentId, long startMs, long endMs)
    {
        _ids[name] = new SpanId(id);
        _spans.Add(new AnalysisSpan(new SpanId(id), new SpanId(parentId), startMs * 1_000_000, endMs * 1_000_000, "svc", name, false));
        return this;
    }

    public TraceTree Build() => new(_spans);

    public static string Describe(TraceTree tree, CriticalPathResult path) =>
        string.Join(" ", path.Segments.Select(s => $"{tree.Name[s.Span]}[{s.StartUnixNano / 1_000_000}-{s.EndUnixNano / 1_000_000}]"));
}
