using System.Text.Json;

namespace Orrery.Ui.Analysis;

/// <summary>The JSON shapes of <c>/api/ui/…</c>; span ids in hex, times as offsets from the trace start in nanoseconds.</summary>
internal static class UiAnalysisJson
{
    /// <summary>Rows in a diff list; a trace pair differing in more than this is summarised by the counts.</summary>
    private const int MaxDiffRows = 2000;

    /// <summary>The trace's size, root and lengths: the head of both the analysis and the compact trace's analysis.</summary>
    public static void WriteSummary(Utf8JsonWriter w, TraceTree tree, CriticalPathResult path)
    {
        w.WriteNumber("spanCount", tree.Count);
        w.WriteString("rootSpanId", tree.MainRoot < 0 ? "" : tree.Ids[tree.MainRoot].ToHex());
        w.WriteNumber("durationNanos", tree.MainRoot < 0 ? 0 : tree.Duration(tree.MainRoot));
        w.WriteNumber("criticalPathNanos", path.TotalNano);
    }

    public static void WriteAnalysis(Utf8JsonWriter w, TraceTree tree, CriticalPathResult path, TraceStatisticsResult stats)
    {
        var origin = Origin(tree);
        w.WriteStartObject();
        WriteSummary(w, tree, path);
        w.WriteStartArray("criticalPath");
        foreach (var s in path.Segments)
        {
            w.WriteStartObject();
            w.WriteString("spanId", tree.Ids[s.Span].ToHex());
            w.WriteNumber("startNanos", s.StartUnixNano - origin);
            w.WriteNumber("endNanos", s.EndUnixNano - origin);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteStatistics(w, stats);
        w.WriteEndObject();
    }

    /// <summary>The <c>operations</c> and <c>services</c> arrays of an analysis.</summary>
    public static void WriteStatistics(Utf8JsonWriter w, TraceStatisticsResult stats)
    {
        w.WriteStartArray("operations");
        foreach (var row in stats.Operations) WriteGroup(w, row);
        w.WriteEndArray();
        w.WriteStartArray("services");
        foreach (var row in stats.Services) WriteGroup(w, row);
        w.WriteEndArray();
    }

    public static void WriteDiff(Utf8JsonWriter w, TraceTree a, TraceTree b, TraceDiffResult diff)
    {
        w.WriteStartObject();
        WriteTraceSummary(w, "a", a);
        WriteTraceSummary(w, "b", b);
        w.WriteNumber("onlyInACount", diff.OnlyInA.Count);
        w.WriteNumber("onlyInBCount", diff.OnlyInB.Count);
        w.WriteNumber("matchedCount", diff.Matched.Count);
        WriteDiffSpans(w, "onlyInA", a, diff.OnlyInA);
        WriteDiffSpans(w, "onlyInB", b, diff.OnlyInB);
        w.WriteStartArray("matched");
        foreach (var m in diff.Matched.Take(MaxDiffRows))
        {
            w.WriteStartObject();
            w.WriteString("spanIdA", a.Ids[m.SpanA].ToHex());
            w.WriteString("spanIdB", b.Ids[m.SpanB].ToHex());
            WritePlace(w, m.Place);
            w.WriteNumber("durationANanos", m.DurationANano);
            w.WriteNumber("durationBNanos", m.DurationBNano);
            w.WriteNumber("deltaNanos", m.DeltaNano);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteAggregate(Utf8JsonWriter w, AggregatedCriticalPathResult result)
    {
        w.WriteStartObject();
        w.WriteNumber("traceCount", result.TraceCount);
        w.WriteNumber("criticalPathNanos", result.TotalCriticalNano);
        w.WriteStartArray("operations");
        foreach (var op in result.Operations)
        {
            w.WriteStartObject();
            w.WriteString("service", op.Service);
            w.WriteString("name", op.Name);
            w.WriteNumber("criticalNanos", op.CriticalNano);
            w.WriteNumber("share", op.Share);
            w.WriteNumber("traces", op.Traces);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteTraceSummary(Utf8JsonWriter w, string name, TraceTree tree)
    {
        w.WriteStartObject(name);
        w.WriteNumber("spanCount", tree.Count);
        w.WriteNumber("durationNanos", tree.MainRoot < 0 ? 0 : tree.Duration(tree.MainRoot));
        w.WriteEndObject();
    }

    private static void WriteDiffSpans(Utf8JsonWriter w, string name, TraceTree tree, IReadOnlyList<DiffSpan> spans)
    {
        w.WriteStartArray(name);
        foreach (var s in spans.Take(MaxDiffRows))
        {
            w.WriteStartObject();
            w.WriteString("spanId", tree.Ids[s.Span].ToHex());
            WritePlace(w, s.Place);
            w.WriteNumber("durationNanos", s.DurationNano);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WritePlace(Utf8JsonWriter w, SpanPlace place)
    {
        w.WriteString("service", place.Service);
        w.WriteString("name", place.Name);
        w.WriteString("path", place.Path);
        w.WriteNumber("ordinal", place.Ordinal);
    }

    private static void WriteGroup(Utf8JsonWriter w, SpanGroupStats row)
    {
        w.WriteStartObject();
        w.WriteString("service", row.Service);
        if (row.Name is not null) w.WriteString("name", row.Name);
        w.WriteNumber("count", row.Count);
        w.WriteNumber("errors", row.Errors);
        w.WriteNumber("totalNanos", row.TotalNano);
        w.WriteNumber("selfNanos", row.SelfNano);
        w.WriteNumber("criticalNanos", row.CriticalNano);
        w.WriteEndObject();
    }

    private static long Origin(TraceTree tree)
    {
        var origin = long.MaxValue;
        for (var i = 0; i < tree.Count; i++) origin = Math.Min(origin, tree.Start[i]);
        return tree.Count == 0 ? 0 : origin;
    }
}
