using System.Text;
using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;
using Orrery.Storage.Traces.Blocks;

namespace Orrery.Storage.Tests.Traces;

/// <summary>
/// A block assembles only the traces a read wants from a page, passing over the rows of the others
/// without decoding them. Whatever the wanted trace's place in its page (first, last, in between,
/// alone, split over pages), its rows must be exactly what a read of the whole page gives: every
/// column (parents inside and outside the trace, trace states and status messages long enough to
/// be stored inline, flags, dropped counts, attributes of every kind, events and links with their
/// own attributes) is skipped by counting, so a miscount anywhere shifts what follows.
/// </summary>
public sealed class PartialPageAssemblyTests : IDisposable
{
    private const int PageSpans = 16;
    private readonly string _parent = Path.Combine(Path.GetTempPath(), "orrery-partial-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_parent)) Directory.Delete(_parent, recursive: true);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_trace_fetched_alone_has_the_rows_a_whole_read_gives_wherever_it_sits_in_its_page(int seed)
    {
        using var block = Write(seed, out var traceIds);
        var whole = WholeRead(block, out var pages);
        AssertEdgesPresent(pages);

        for (var i = 0; i < traceIds.Count; i++)
        {
            var fetched = block.FetchTraces(new FetchSpansRequest(TimeRange.All, [Pick(i)]), CancellationToken.None).ToList();
            var only = Assert.Single(fetched);
            Assert.Equal(traceIds[i], only.TraceId);
            Assert.Equal(whole[traceIds[i]], Describe(only.Batch, only.Rows.Span));

            var found = block.FindTrace(traceIds[i], TimeRange.All);
            Assert.NotNull(found);
            Assert.Equal(whole[traceIds[i]], Describe(found, Enumerable.Range(0, found.Count).ToArray()));
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void The_first_and_last_traces_of_each_page_fetched_together_skip_the_ones_between(int seed)
    {
        using var block = Write(seed, out var traceIds);
        var whole = WholeRead(block, out var pages);
        var index = traceIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        foreach (var page in pages.Where(p => p.Count >= 3))
        {
            var request = new FetchSpansRequest(TimeRange.All, [Pick(index[page[0]]), Pick(index[page[^1]])], AllConditions: false);
            var fetched = block.FetchTraces(request, CancellationToken.None).ToList();
            Assert.Equal(new[] { page[0], page[^1] }, fetched.Select(t => t.TraceId).Where(id => id == page[0] || id == page[^1]).Distinct());
            foreach (var t in fetched) Assert.Equal(whole[t.TraceId], Describe(t.Batch, t.Rows.Span));
        }
    }

    [Fact]
    public void A_projected_fetch_skips_only_its_columns_and_reads_them_in_step()
    {
        using var block = Write(6, out var traceIds);
        var whole = WholeRead(block, out _, SpanFields.Name | SpanFields.Duration | SpanFields.ParentSpanId);
        // Only the projected columns advance, so the predicate must be one the projection can judge: the
        // trace's last span is named after it.
        for (var i = 0; i < traceIds.Count; i++)
        {
            var request = new FetchSpansRequest(TimeRange.All, [new SpanCondition(AttributeRef.Of(Intrinsic.Name, "name"), ConditionOperator.Equal, StaticValue.Of($"last {i}"))])
            {
                Fields = SpanFields.Name | SpanFields.Duration | SpanFields.ParentSpanId,
            };
            var only = Assert.Single(block.FetchTraces(request, CancellationToken.None));
            Assert.Equal(whole[traceIds[i]], Describe(only.Batch, only.Rows.Span, projected: true));
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    public void A_columnar_search_describes_each_trace_from_its_own_rows(int seed)
    {
        using var block = Write(seed, out var traceIds);
        var batches = block.ReadAll().ToList();
        for (var i = 0; i < traceIds.Count; i++)
        {
            var sink = new Collect();
            var wholes = new List<TraceId>();
            var request = new SpanSearchRequest(new FetchSpansRequest(TimeRange.All, [Pick(i)]), [AttributeRef.Span("pick"), AttributeRef.Span("s"), AttributeRef.Of(Intrinsic.Status, "status")]);
            Assert.True(block.TrySearch(request, sink, _ => false, wholes, CancellationToken.None));
            if (wholes.Count > 0)
            {
                // Split over pages (or a shown value stored inline): read whole by the caller instead.
                Assert.Equal(traceIds[i], Assert.Single(wholes));
                Assert.Empty(sink.Traces);
                continue;
            }
            var match = Assert.Single(sink.Traces);
            Assert.Equal(traceIds[i], match.TraceId);
            var span = Assert.Single(match.Spans);
            var (b, row) = batches.SelectMany(x => Enumerable.Range(0, x.Count).Select(r => (x, r))).Single(x => x.x.Spans[x.r].SpanId == span.SpanId);
            ref var s = ref b.Spans[row];
            Assert.Equal(b.String(s.Name), span.Name);
            Assert.Equal(s.StartUnixNano, span.StartUnixNano);
            Assert.Equal(s.EndUnixNano - s.StartUnixNano, span.DurationNanos);
            Assert.Equal(StaticValue.Of((long)i), span.Shown[0]);
            Assert.Equal(FirstValue(b, row, "s"), span.Shown[1]);
            Assert.Equal(new StaticValue(StaticKind.Status, (long)s.StatusCode), span.Shown[2]);
            var first = Enumerable.Range(0, b.Count).First(r => b.Spans[r].TraceId == traceIds[i]);
            Assert.Equal(b.Spans[first].StartUnixNano, match.StartUnixNano);
        }
    }

    private static SpanCondition Pick(int trace) => new(AttributeRef.Span("pick"), ConditionOperator.Equal, StaticValue.Of((long)trace));

    /// <summary>The pages hold a trace alone, several traces, and one trace is split over pages; otherwise the test proves less than it says.</summary>
    private static void AssertEdgesPresent(List<List<TraceId>> pages)
    {
        Assert.Contains(pages, p => p.Count == 1);
        Assert.Contains(pages, p => p.Count >= 3);
        Assert.True(pages.Count > 1 && Enumerable.Range(1, pages.Count - 1).Any(p => pages[p][0] == pages[p - 1][^1]), "no trace split over pages");
    }

    /// <summary>Each trace's rows as a read of every page decodes them (a split trace joined), and the trace ids of each page.</summary>
    private static Dictionary<TraceId, List<string>> WholeRead(TraceBlock block, out List<List<TraceId>> pages, SpanFields? projected = null)
    {
        var byTrace = new Dictionary<TraceId, List<string>>();
        pages = [];
        foreach (var batch in block.ReadAll())
        {
            var ids = new List<TraceId>();
            for (var r = 0; r < batch.Count; r++)
            {
                var id = batch.Spans[r].TraceId;
                if (ids.Count == 0 || ids[^1] != id) ids.Add(id);
                if (!byTrace.TryGetValue(id, out var rows)) byTrace[id] = rows = [];
                rows.Add(Describe(batch, r, projected is not null));
            }
            pages.Add(ids);
        }
        return byTrace;
    }

    private static List<string> Describe(SpanBatch b, ReadOnlySpan<int> rows, bool projected = false)
    {
        var list = new List<string>();
        foreach (var r in rows) list.Add(Describe(b, r, projected));
        return list;
    }

    private static string Describe(SpanBatch b, int row, bool projected)
    {
        ref var s = ref b.Spans[row];
        var text = new StringBuilder($"{s.TraceId} {s.SpanId} parent={s.ParentSpanId} {b.String(s.Name)} {s.StartUnixNano}+{s.EndUnixNano - s.StartUnixNano}");
        if (projected) return text.ToString();
        text.Append($" kind={s.Kind} status={s.StatusCode}:{b.String(s.StatusMessage)} state={b.String(s.TraceState)} flags={s.Flags}");
        text.Append($" dropped={s.DroppedAttributesCount}/{s.DroppedEventsCount}/{s.DroppedLinksCount} scope={b.String(b.ScopeOf(row).Name)}");
        Attributes(text, b, b.SpanAttributes, s.Attributes);
        for (var e = s.Events.Start; e < s.Events.End; e++)
        {
            ref var ev = ref b.Events[e];
            text.Append($" event({ev.TimeUnixNano} {b.String(ev.Name)} {ev.DroppedAttributesCount}");
            Attributes(text, b, b.EventAttributes, ev.Attributes);
            text.Append(')');
        }
        for (var l = s.Links.Start; l < s.Links.End; l++)
        {
            ref var link = ref b.Links[l];
            text.Append($" link({link.TraceId} {link.SpanId} {b.String(link.TraceState)} {link.Flags} {link.DroppedAttributesCount}");
            Attributes(text, b, b.LinkAttributes, link.Attributes);
            text.Append(')');
        }
        return text.ToString();
    }

    private static void Attributes(StringBuilder text, SpanBatch b, RowList<KeyValueRow> table, RowRange range)
    {
        for (var a = range.Start; a < range.End; a++)
        {
            var kv = table[a];
            var value = kv.Value.Kind switch
            {
                ValueKind.Empty => "",
                ValueKind.Bool or ValueKind.Int or ValueKind.Double => kv.Value.Scalar.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => Convert.ToHexString(b.Utf8(kv.Value.Bytes)),
            };
            text.Append($" {b.String(kv.Key)}:{kv.Value.Kind}={value}");
        }
    }

    /// <summary>The span's first attribute with the key, as storage shows it.</summary>
    private static StaticValue? FirstValue(SpanBatch b, int row, string key)
    {
        var attributes = b.Spans[row].Attributes;
        for (var a = attributes.Start; a < attributes.End; a++)
        {
            var kv = b.SpanAttributes[a];
            if (b.String(kv.Key) != key) continue;
            return kv.Value.Kind switch
            {
                ValueKind.Empty => null,
                ValueKind.String => StaticValue.Of(b.String(kv.Value.Bytes)),
                ValueKind.Int => StaticValue.Of(kv.Value.AsInt),
                ValueKind.Bool => StaticValue.Of(kv.Value.AsBool),
                ValueKind.Double => StaticValue.Of(kv.Value.AsDouble),
                _ => new StaticValue(StaticKind.None),
            };
        }
        return null;
    }

    private TraceBlock Write(int seed, out List<TraceId> traceIds)
    {
        var batch = RichSpans(seed, out traceIds);
        var meta = TraceBlockWriter.Write(_parent, [batch], 0, new BlockWriteOptions { PageSpans = PageSpans });
        return TraceBlock.Open(Path.Combine(_parent, meta.Id.ToString()));
    }

    /// <summary>
    /// Traces of 1–5 spans (several per page), one of 3·PageSpans (a page of its own) and one of
    /// 6·PageSpans (split over pages); trace i's last span alone has <c>pick = i</c> and the name <c>last i</c>.
    /// </summary>
    private static SpanBatch RichSpans(int seed, out List<TraceId> traceIds)
    {
        var random = new Random(seed);
        var b = new SpanBatch();
        var resource = b.Resources.Add(new ResourceRow());
        b.Scopes.Add(new ScopeRow { Resource = resource, Name = b.Bytes.Append("lib") });
        var longText = new string('x', 300);
        traceIds = [];
        ulong spanId = 1;
        const long T0 = 1_700_000_000_000_000_000;
        const int Traces = 40;
        for (var t = 0; t < Traces; t++)
        {
            var id = new TraceId((ulong)random.NextInt64(), (ulong)random.NextInt64());
            traceIds.Add(id);
            var spans = t == 7 ? 3 * PageSpans : t == 19 ? 6 * PageSpans : 1 + random.Next(5);
            var firstSpan = spanId;
            for (var s = 0; s < spans; s++)
            {
                var last = s == spans - 1;
                var attributes = b.SpanAttributes.Count;
                for (var a = random.Next(4); a > 0; a--) AddRandomAttribute(b, b.SpanAttributes, random, longText);
                if (last) b.SpanAttributes.Add(new KeyValueRow { Key = b.Bytes.Append("pick"), Value = AnyValueRow.FromInt(t) });
                var events = b.Events.Count;
                for (var e = random.Next(3) == 0 ? random.Next(1, 3) : 0; e > 0; e--)
                {
                    var eventAttributes = b.EventAttributes.Count;
                    for (var a = random.Next(3); a > 0; a--) AddRandomAttribute(b, b.EventAttributes, random, longText);
                    b.Events.Add(new EventRow
                    {
                        TimeUnixNano = T0 + random.Next(1000),
                        Name = b.Bytes.Append("event" + random.Next(3)),
                        DroppedAttributesCount = (uint)random.Next(2),
                        Attributes = new RowRange(eventAttributes, b.EventAttributes.Count - eventAttributes),
                    });
                }
                var links = b.Links.Count;
                for (var l = random.Next(4) == 0 ? random.Next(1, 3) : 0; l > 0; l--)
                {
                    var linkAttributes = b.LinkAttributes.Count;
                    for (var a = random.Next(3); a > 0; a--) AddRandomAttribute(b, b.LinkAttributes, random, longText);
                    b.Links.Add(new LinkRow
                    {
                        TraceId = new TraceId((ulong)random.NextInt64(), 9),
                        SpanId = new SpanId((ulong)random.NextInt64()),
                        TraceState = b.Bytes.Append(random.Next(3) == 0 ? longText : "k=v"),
                        Flags = (uint)random.Next(3),
                        DroppedAttributesCount = (uint)random.Next(2),
                        Attributes = new RowRange(linkAttributes, b.LinkAttributes.Count - linkAttributes),
                    });
                }
                // Parents: none (a root), one in the trace (relative), or one elsewhere (stored as a raw id).
                var parent = s == 0 ? 0UL : random.Next(5) == 0 ? 0xABCDEF00UL + (ulong)random.Next(100) : firstSpan + (ulong)random.Next(s);
                var start = T0 + (s * 10) + random.Next(5);
                b.Spans.Add(new SpanRow
                {
                    Scope = 0,
                    TraceId = id,
                    SpanId = new SpanId(spanId++),
                    ParentSpanId = new SpanId(parent),
                    TraceState = b.Bytes.Append(random.Next(6) switch { 0 => longText, 1 => "a=b", _ => "" }),
                    Flags = (uint)random.Next(300),
                    Name = b.Bytes.Append(last ? $"last {t}" : "op" + random.Next(4)),
                    Kind = (SpanKind)random.Next(6),
                    StartUnixNano = start,
                    EndUnixNano = start + random.Next(200_000),
                    Attributes = new RowRange(attributes, b.SpanAttributes.Count - attributes),
                    DroppedAttributesCount = (uint)random.Next(3),
                    Events = new RowRange(events, b.Events.Count - events),
                    DroppedEventsCount = (uint)random.Next(2),
                    Links = new RowRange(links, b.Links.Count - links),
                    DroppedLinksCount = (uint)random.Next(200),
                    StatusCode = (StatusCode)random.Next(3),
                    StatusMessage = b.Bytes.Append(random.Next(5) switch { 0 => longText + random.Next(9), 1 => "failed", _ => "" }),
                });
            }
        }
        return b;
    }

    private static void AddRandomAttribute(SpanBatch b, RowList<KeyValueRow> table, Random random, string longText)
    {
        var value = random.Next(8) switch
        {
            0 => AnyValueRow.FromString(b.Bytes.Append(longText + random.Next(5))),
            1 => AnyValueRow.FromInt(random.NextInt64(-1_000_000_000_000, 1_000_000_000_000)),
            2 => AnyValueRow.FromDouble(random.NextDouble() * 1000),
            3 => AnyValueRow.FromBool(random.Next(2) == 0),
            4 => new AnyValueRow { Kind = ValueKind.Bytes, Bytes = b.Bytes.Append(new byte[random.Next(1, 200)]) },
            5 => new AnyValueRow { Kind = ValueKind.Empty },
            _ => AnyValueRow.FromString(b.Bytes.Append("v" + random.Next(500))),
        };
        table.Add(new KeyValueRow { Key = b.Bytes.Append(random.Next(3) == 0 ? "s" : "k" + random.Next(4)), Value = value });
    }

    private sealed class Collect : SpanSearchSink
    {
        public List<TraceMatch> Traces { get; } = [];

        public override void Add(TraceMatch trace) => Traces.Add(trace);
    }
}
