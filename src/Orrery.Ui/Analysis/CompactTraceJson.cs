using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Ui.Analysis;

/// <summary>
/// <c>/api/ui/traces/{id}</c>: one trace for the trace page, columnar, with its analysis in the
/// same answer. The page turns the Tempo JSON of a 10,000-span trace (one object per span, per
/// attribute and per value, ids in base64, times as decimal strings) into flat arrays anyway; this
/// shape is those arrays, so the browser parses numbers and a few strings and builds no objects it
/// throws away. Repeated text (services, names, attribute keys and values) is one string table.
/// <list type="bullet">
/// <item>Spans are in start order (ties by span id), so children filled in index order are
/// already in the order the waterfall shows them.</item>
/// <item><c>parent</c> is an index into this answer (-1 for roots); parent cycles are already broken.</item>
/// <item>Times are nanoseconds from <c>origin</c> ([Unix seconds, nanoseconds] of the earliest
/// start): exact as JavaScript numbers, where absolute Unix nanoseconds are not. <c>startDelta</c>
/// is each span's start minus the previous span's (spans are in start order, so these are small
/// and never negative).</item>
/// <item><c>spanIds</c> is 16 hex digits per span, concatenated. A span's parent id is its parent's
/// id; only spans whose parent is not in the answer (or was cut from a cycle) carry theirs, in
/// <c>parentIds</c> as [span, 16 hex digits] pairs.</item>
/// <item>Attributes: span <c>i</c> has <c>attributeCount[i]</c> pairs of <c>attributes</c> (key,
/// value as string-table numbers), following those of the spans before it.</item>
/// <item>The critical path is [span, gap after the previous segment's end, length] triples: the
/// segments follow each other, so the gap is almost always 0.</item>
/// </list>
/// The methods on this path are compiled optimized at their first call
/// (<c>AggressiveOptimization</c>): the first trace opened after a start ran 10,000-span loops in
/// unoptimized tier-0 code (twice the CPU of a warm request, bench/ui/README.md, Session 7); the
/// start-up warm-up calls them too few times for tiering to promote them.
/// Version 2: version 1 sent every parent id, absolute starts, attribute offsets and absolute
/// segment times — 1.67 MB for the bench's 10,000-span trace instead of 1.27 MB.
/// </summary>
internal static class CompactTraceJson
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Write(Utf8JsonWriter w, SpanBatch batch, TraceTree tree, CriticalPathResult path, TraceStatisticsResult stats)
    {
        var n = batch.Count;
        using var strings = new Utf8StringTable();
        var order = StartOrder(tree);
        var position = new int[n];
        for (var k = 0; k < n; k++) position[order[k]] = k;
        var origin = n == 0 ? 0 : tree.Start[order[0]];

        w.WriteStartObject();
        w.WriteNumber("version", 2);
        w.WriteString("traceId", n == 0 ? "" : batch.Spans[0].TraceId.ToHex());
        w.WriteStartArray("origin");
        w.WriteNumberValue(Math.DivRem(origin, 1_000_000_000L, out var originNanos));
        w.WriteNumberValue(originNanos);
        w.WriteEndArray();
        w.WriteNumber("spanCount", n);
        WriteIds(w, "spanIds", batch, order);
        WriteOrphanParents(w, batch, tree, order);

        w.WriteStartArray("parent");
        foreach (var s in order) w.WriteNumberValue(tree.Parent[s] < 0 ? -1 : position[tree.Parent[s]]);
        w.WriteEndArray();
        w.WriteStartArray("startDelta");
        var previous = origin;
        foreach (var s in order)
        {
            w.WriteNumberValue(tree.Start[s] - previous);
            previous = tree.Start[s];
        }
        w.WriteEndArray();
        w.WriteStartArray("duration");
        foreach (var s in order) w.WriteNumberValue(tree.End[s] - tree.Start[s]);
        w.WriteEndArray();
        w.WriteStartArray("name");
        foreach (var s in order) w.WriteNumberValue(strings.Add(batch.Utf8(batch.Spans[s].Name)));
        w.WriteEndArray();
        w.WriteStartArray("kind");
        foreach (var s in order) w.WriteNumberValue((int)batch.Spans[s].Kind);
        w.WriteEndArray();
        w.WriteStartArray("status");
        foreach (var s in order) w.WriteNumberValue((int)batch.Spans[s].StatusCode);
        w.WriteEndArray();
        w.WriteStartArray("statusMessage");
        foreach (var s in order) w.WriteNumberValue(strings.Add(batch.Utf8(batch.Spans[s].StatusMessage)));
        w.WriteEndArray();
        w.WriteStartArray("scope");
        foreach (var s in order) w.WriteNumberValue(batch.Spans[s].Scope);
        w.WriteEndArray();

        w.WriteStartArray("attributeCount");
        foreach (var s in order) w.WriteNumberValue(batch.Spans[s].Attributes.Count);
        w.WriteEndArray();
        w.WriteStartArray("attributes");
        foreach (var s in order) WritePairs(w, strings, batch, batch.SpanAttributes, batch.Spans[s].Attributes);
        w.WriteEndArray();

        WriteScopesAndResources(w, strings, batch);
        WriteEventsAndLinks(w, strings, batch, order, origin);
        WriteAnalysis(w, tree, path, stats, position, origin);

        w.WriteStartArray("strings");
        foreach (var s in strings.Strings) w.WriteStringValue(s);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Span rows by start, then span id: the order the page's Tempo path sorts siblings in.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int[] StartOrder(TraceTree tree)
    {
        var order = new int[tree.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        var starts = tree.Start;
        var ids = tree.Ids;
        Array.Sort(order, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (a, b) => starts[a] != starts[b] ? starts[a].CompareTo(starts[b]) : ids[a].CompareTo(ids[b]));
        return order;
    }

    /// <summary>[span, parent id] for the spans whose parent index is -1 but whose parent id is not empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteOrphanParents(Utf8JsonWriter w, SpanBatch batch, TraceTree tree, int[] order)
    {
        w.WriteStartArray("parentIds");
        for (var k = 0; k < order.Length; k++)
        {
            ref readonly var span = ref batch.Spans[order[k]];
            if (tree.Parent[order[k]] >= 0 || span.ParentSpanId.IsEmpty) continue;
            w.WriteNumberValue(k);
            w.WriteStringValue(span.ParentSpanId.ToHex());
        }
        w.WriteEndArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteIds(Utf8JsonWriter w, string name, SpanBatch batch, int[] order)
    {
        var hex = ArrayPool<byte>.Shared.Rent(Math.Max(1, order.Length * 16));
        try
        {
            Span<byte> bytes = stackalloc byte[SpanId.Size];
            for (var k = 0; k < order.Length; k++)
            {
                ref readonly var span = ref batch.Spans[order[k]];
                span.SpanId.WriteTo(bytes);
                for (var b = 0; b < bytes.Length; b++)
                {
                    hex[(k * 16) + (2 * b)] = HexDigits[bytes[b] >> 4];
                    hex[(k * 16) + (2 * b) + 1] = HexDigits[bytes[b] & 0xF];
                }
            }
            w.WriteString(name, hex.AsSpan(0, order.Length * 16));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(hex);
        }
    }

    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WritePairs(Utf8JsonWriter w, Utf8StringTable strings, SpanBatch batch, RowList<KeyValueRow> table, RowRange range)
    {
        for (var a = range.Start; a < range.End; a++)
        {
            ref readonly var kv = ref table[a];
            w.WriteNumberValue(strings.Add(batch.Utf8(kv.Key)));
            w.WriteNumberValue(AttributeText.Add(strings, batch, kv.Value));
        }
    }

    private static void WriteScopesAndResources(Utf8JsonWriter w, Utf8StringTable strings, SpanBatch batch)
    {
        w.WriteStartArray("scopes");
        for (var i = 0; i < batch.Scopes.Count; i++)
        {
            ref readonly var scope = ref batch.Scopes[i];
            w.WriteStartArray();
            w.WriteNumberValue(strings.Add(batch.Utf8(scope.Name)));
            w.WriteNumberValue(strings.Add(batch.Utf8(scope.Version)));
            w.WriteNumberValue(scope.Resource);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        // Each resource: [service, key, value, key, value, …]; the service is service.name's text, "unknown" without one.
        w.WriteStartArray("resources");
        for (var i = 0; i < batch.Resources.Count; i++)
        {
            ref readonly var resource = ref batch.Resources[i];
            w.WriteStartArray();
            var service = -1;
            for (var a = resource.Attributes.Start; a < resource.Attributes.End && service < 0; a++)
                if (batch.Utf8(batch.ResourceAttributes[a].Key).SequenceEqual("service.name"u8))
                    service = AttributeText.Add(strings, batch, batch.ResourceAttributes[a].Value);
            w.WriteNumberValue(service >= 0 ? service : strings.Add("unknown"));
            WritePairs(w, strings, batch, batch.ResourceAttributes, resource.Attributes);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    /// <summary>Events as [span, time from origin, name, [key, value, …]]; links as [span, trace id, span id, [key, value, …]].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteEventsAndLinks(Utf8JsonWriter w, Utf8StringTable strings, SpanBatch batch, int[] order, long origin)
    {
        w.WriteStartArray("events");
        for (var k = 0; k < order.Length; k++)
        {
            ref readonly var span = ref batch.Spans[order[k]];
            for (var e = span.Events.Start; e < span.Events.End; e++)
            {
                ref readonly var ev = ref batch.Events[e];
                w.WriteStartArray();
                w.WriteNumberValue(k);
                w.WriteNumberValue(ev.TimeUnixNano - origin);
                w.WriteNumberValue(strings.Add(batch.Utf8(ev.Name)));
                w.WriteStartArray();
                WritePairs(w, strings, batch, batch.EventAttributes, ev.Attributes);
                w.WriteEndArray();
                w.WriteEndArray();
            }
        }
        w.WriteEndArray();
        w.WriteStartArray("links");
        for (var k = 0; k < order.Length; k++)
        {
            ref readonly var span = ref batch.Spans[order[k]];
            for (var l = span.Links.Start; l < span.Links.End; l++)
            {
                ref readonly var link = ref batch.Links[l];
                w.WriteStartArray();
                w.WriteNumberValue(k);
                w.WriteStringValue(link.TraceId.IsEmpty ? "" : link.TraceId.ToHex());
                w.WriteStringValue(link.SpanId.IsEmpty ? "" : link.SpanId.ToHex());
                w.WriteStartArray();
                WritePairs(w, strings, batch, batch.LinkAttributes, link.Attributes);
                w.WriteEndArray();
                w.WriteEndArray();
            }
        }
        w.WriteEndArray();
    }

    /// <summary>The analysis endpoint's numbers, with critical-path segments as flat [span, gap, length] triples.</summary>
    private static void WriteAnalysis(Utf8JsonWriter w, TraceTree tree, CriticalPathResult path, TraceStatisticsResult stats, int[] position, long origin)
    {
        w.WriteStartObject("analysis");
        UiAnalysisJson.WriteSummary(w, tree, path);
        w.WriteStartArray("criticalPath");
        var previousEnd = origin;
        foreach (var s in path.Segments)
        {
            w.WriteNumberValue(position[s.Span]);
            w.WriteNumberValue(s.StartUnixNano - previousEnd);
            w.WriteNumberValue(s.EndUnixNano - s.StartUnixNano);
            previousEnd = s.EndUnixNano;
        }
        w.WriteEndArray();
        UiAnalysisJson.WriteStatistics(w, stats);
        w.WriteEndObject();
    }
}
