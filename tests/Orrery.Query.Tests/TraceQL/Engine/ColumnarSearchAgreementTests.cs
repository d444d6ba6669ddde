using System.Globalization;
using System.Text;
using Orrery.Query.Tests.TraceQL.Metrics;
using Orrery.Query.TraceQL.Engine;
using Orrery.Query.TraceQL.Syntax;
using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;
using Orrery.Storage.Traces.Embedded;

namespace Orrery.Query.Tests.TraceQL.Engine;

/// <summary>
/// Searches that storage answers over block columns (<see cref="ITraceReader.SearchSpans"/>) give
/// exactly the answer of the row path (every trace read as rows, window by window): the same
/// traces with the same roots, bounds, matched spans and shown attributes of every kind. The data:
/// random blocks (one with strings too long for the dictionary), spans in the head, and traces
/// split between a block and the head (their root in the block only).
/// </summary>
public sealed class ColumnarSearchAgreementTests : IAsyncLifetime
{
    private const long T0 = RandomMetricSpans.Start;
    private static readonly TimeRange Range = new(T0 - 1_000_000_000, T0 + 60_000_000_000);
    private RandomSpanStore? _fixture;
    private EmbeddedTraceStore? _store;

    public async Task InitializeAsync()
    {
        _fixture = await RandomSpanStore.StartAsync("orrery-columnar-search");
        _store = _fixture.Store;
        await _store.ConsumeAsync(RandomSpanStore.Tenant, MoreSpansOf(_fixture.InFirstBlock));
    }

    public async Task DisposeAsync()
    {
        if (_fixture is not null) await _fixture.DisposeAsync();
    }

    /// <summary>New spans (other span ids, no roots) for a quarter of the traces of <paramref name="source"/>.</summary>
    private static SpanBatch MoreSpansOf(SpanBatch source)
    {
        var copier = new SpanBatchCopier(new SpanBatch());
        for (var row = 0; row < source.Count; row++)
        {
            ref var span = ref source.Spans[row];
            if (span.TraceId.Low % 4 != 0 || span.ParentSpanId.IsEmpty) continue;
            var at = copier.CopySpan(source, row);
            ref var copy = ref copier.Destination.Spans[at];
            copy.SpanId = new SpanId(copy.SpanId.Value ^ 0x5555_0000_0000);
            copy.ParentSpanId = new SpanId(copy.ParentSpanId.Value ^ 0x5555_0000_0000);
        }
        return copier.Destination;
    }

    public static TheoryData<string, bool> Queries => new()
    {
        { "{ span.http.status_code = 500 }", true },
        { "{ resource.service.name = \"svc1\" && span.http.status_code = 500 }", true },
        { "{ span.http.method = \"GET\" && duration > 20ms }", true },
        { "{ span.note = \"short1\" }", true },
        { "{ span.ratio = 0.5 }", false }, // a float literal is not decided exactly on columns
        { "{ span.flag = true }", true },
        { "{ span.score = 500 }", true }, // NaN equals nothing on both paths
        { "{ span.http.status_code = 500 } | select(span.score)", true },
        { "{ resource.tier = 2 }", true },
        { "{ status = error }", true },
        { "{ kind = server && duration <= 10ms }", true },
        { "{ name = \"SELECT\" }", true },
        { "{ }", true },
        { "{ status = error } | select(span.note, span.payload, resource.tier, .http.method, .tier, kind)", true },
        { "{ span.http.status_code = 500 } | select(span.ratio, span.flag, span.missing, status)", true },
        // Not over columns: the row path answers (the switch must not change anything).
        { "{ span.http.status_code != 500 }", false },
        { "{ .service.name = \"svc1\" }", false }, // asked for, but storage declines: unscoped means span or resource
        { "{ span.http.method =~ \"G.*\" }", false },
        { "{ span.http.status_code = 500 || status = error }", false },
        { "{ status = error } | select(name, duration)", false },
        { "{ name = \"SELECT\" } >> { status = error }", false },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void Columnar_search_equals_the_row_path(string query, bool columnar)
    {
        foreach (var spss in new[] { 3, 1000 })
        {
            var request = new TraceQLSearchRequest(Range, Limit: 100_000, SpansPerSpanset: spss);
            var counting = new CountingReader(_store!);
            var withColumns = new TraceQLSearcher(counting).Search("t", TraceQLParser.Parse(query), request);
            var rows = new TraceQLSearcher(_store!, new TraceQLSearchOptions { UseColumnarSearch = false }).Search("t", TraceQLParser.Parse(query), request);

            Assert.NotEmpty(rows.Traces);
            Assert.Equal(Text(rows), Text(withColumns));
            Assert.Equal(columnar, counting.Described > 0);
        }
    }

    [Fact]
    public void Trace_duration_bounds_apply_to_described_traces()
    {
        const string Query = "{ span.http.status_code = 500 }";
        var request = new TraceQLSearchRequest(Range, Limit: 100_000, MinDurationNanos: 20_000_000, MaxDurationNanos: 40_000_000);
        var withColumns = new TraceQLSearcher(_store!).Search("t", TraceQLParser.Parse(Query), request);
        var rows = new TraceQLSearcher(_store!, new TraceQLSearchOptions { UseColumnarSearch = false }).Search("t", TraceQLParser.Parse(Query), request);

        Assert.NotEmpty(rows.Traces);
        Assert.All(withColumns.Traces, t => Assert.InRange(t.DurationNanos, 20_000_000, 40_000_000));
        Assert.Equal(Text(rows), Text(withColumns));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(40)]
    public void A_limit_returns_that_many_of_the_same_traces(int limit)
    {
        const string Query = "{ span.http.status_code = 500 }";
        var all = new TraceQLSearcher(_store!).Search("t", TraceQLParser.Parse(Query), new TraceQLSearchRequest(Range, Limit: 100_000));
        var limited = new TraceQLSearcher(_store!).Search("t", TraceQLParser.Parse(Query), new TraceQLSearchRequest(Range, Limit: limit));

        Assert.Equal(limit, limited.Traces.Count);
        var described = all.Traces.ToDictionary(t => t.TraceId, t => Text([t]));
        Assert.All(limited.Traces, t => Assert.Equal(described[t.TraceId], Text([t])));
        Assert.Equal(limited.Traces.OrderByDescending(t => t.StartUnixNano).Select(t => t.TraceId), limited.Traces.Select(t => t.TraceId));
    }

    [Fact]
    public void The_inspected_span_bound_holds_on_columns()
    {
        var searcher = new TraceQLSearcher(_store!, new TraceQLSearchOptions(MaxInspectedSpans: 100));
        var e = Assert.Throws<TraceQLLimitException>(() =>
            searcher.Search("t", TraceQLParser.Parse("{ span.http.status_code = 500 }"), new TraceQLSearchRequest(Range, Limit: 100_000)));
        Assert.Contains("more than 100 spans", e.Message, StringComparison.Ordinal);
    }

    private static string Text(TraceQLSearchResult result) => Text(result.Traces);

    /// <summary>Everything a search answers about its traces, as comparable text (traces sorted by id).</summary>
    private static string Text(IEnumerable<FoundTrace> traces)
    {
        var text = new StringBuilder();
        foreach (var t in traces.OrderBy(t => t.TraceId))
        {
            text.Append(CultureInfo.InvariantCulture, $"{t.TraceId.ToHex()} root={t.RootServiceName}/{t.RootTraceName} start={t.StartUnixNano} dur={t.DurationNanos}\n");
            foreach (var set in t.Spansets)
            {
                text.Append(CultureInfo.InvariantCulture, $"  matched={set.Matched} attrs={Attributes(set.Attributes)}\n");
                foreach (var s in set.Spans)
                    text.Append(CultureInfo.InvariantCulture, $"    {s.SpanId.ToHex()} {s.Name} {s.StartUnixNano} {s.DurationNanos} {Attributes(s.Attributes)}\n");
            }
        }
        return text.ToString();
    }

    private static string Attributes(IReadOnlyList<FoundAttribute> attributes) =>
        string.Join(',', attributes.Select(a => $"{a.Key}={a.Value.Type}:{a.Value}"));

    /// <summary>Forwards to the store, counting the traces storage described over columns.</summary>
    private sealed class CountingReader(ITraceReader inner) : ITraceReader
    {
        public int Described { get; private set; }

        public SpanBatch? FindTrace(string tenant, TraceId traceId, TimeRange range) => inner.FindTrace(tenant, traceId, range);

        public IReadOnlyDictionary<TraceId, SpanBatch> FindTraces(string tenant, IReadOnlyCollection<TraceId> traceIds, TimeRange range) =>
            inner.FindTraces(tenant, traceIds, range);

        public IEnumerable<TraceSpans> FetchTraces(string tenant, FetchSpansRequest request, CancellationToken cancellationToken = default) =>
            inner.FetchTraces(tenant, request, cancellationToken);

        public bool SupportsColumnarSearch => inner.SupportsColumnarSearch;

        public IEnumerable<TraceSpans> SearchSpans(string tenant, SpanSearchRequest request, SpanSearchSink into, CancellationToken cancellationToken = default) =>
            inner.SearchSpans(tenant, request, new Counting(into, this), cancellationToken);

        public IReadOnlyCollection<string> TagNames(string tenant, Storage.Traces.AttributeScope scope, TimeRange range, int limit) => inner.TagNames(tenant, scope, range, limit);

        public IReadOnlyCollection<TagValue> TagValues(string tenant, AttributeRef tag, TimeRange range, int limit) => inner.TagValues(tenant, tag, range, limit);

        private sealed class Counting(SpanSearchSink inner, CountingReader owner) : SpanSearchSink
        {
            public override void Add(TraceMatch trace)
            {
                owner.Described++;
                inner.Add(trace);
            }

            public override void AddInspected(long traces, long spans, long bytes) => inner.AddInspected(traces, spans, bytes);

            public override bool Continue() => inner.Continue();
        }
    }
}
