using System.Globalization;
using Orrery.Query.TraceQL.Engine;
using Orrery.Query.TraceQL.Syntax;
using Orrery.Query.Traces;
using Orrery.Signals.Traces;

namespace Orrery.Query.Tests.TraceQL.Engine;

public sealed class ConformanceTests
{
    private static readonly SpanBatch Batch = ConformanceTraces.Build();
    private static readonly Dictionary<ulong, int[]> Traces = ConformanceTraces.RowsByTrace(Batch);

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (query, expected) in ConformanceCases.Cases) data.Add(query, expected);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Query_returns_exactly_the_expected_spansets(string query, string expected)
    {
        Assert.Equal(expected, Render(Run(query)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_matching_trace_satisfies_the_necessary_conditions(string query, string expected)
    {
        _ = expected;
        var evaluator = TraceQLEvaluator.Compile(TraceQLParser.Parse(query));
        var all = (1 << evaluator.NecessaryConditionCount) - 1;
        foreach (var (_, rows) in Traces)
        {
            var output = new List<Spanset>();
            evaluator.Evaluate(Batch, rows, output);
            if (output.Count == 0) continue;
            var mask = 0;
            foreach (var row in rows) mask |= evaluator.NecessaryMask(Batch, row);
            Assert.Equal(all, mask);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pushed_down_conditions_keep_every_matching_trace(string query, string expected)
    {
        _ = expected;
        var evaluator = TraceQLEvaluator.Compile(TraceQLParser.Parse(query));
        var request = evaluator.FetchRequest(Orrery.Signals.TimeRange.All);
        if (request.Conditions.Count == 0) return;
        var filters = request.Conditions.Select(c => new SpanConditionFilter([c])).ToArray();
        foreach (var (_, rows) in Traces)
        {
            var output = new List<Spanset>();
            evaluator.Evaluate(Batch, rows, output);
            if (output.Count == 0) continue;
            var kept = request.AllConditions
                ? rows.Any(row => filters.All(f => f.Matches(Batch, row)))
                : rows.Any(row => filters.Any(f => f.Matches(Batch, row)));
            Assert.True(kept, $"storage could skip a matching trace for {query}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Span_local_queries_match_span_by_span_as_whole_traces_do(string query, string expected)
    {
        _ = expected;
        var evaluator = TraceQLEvaluator.Compile(TraceQLParser.Parse(query));
        if (!evaluator.IsSpanLocal) return;
        var whole = new SortedSet<int>(Run(query).SelectMany(s => s.Rows));
        var oneByOne = new SortedSet<int>(Enumerable.Range(0, Batch.Count).Where(row => evaluator.MatchesSpan(Batch, row)));
        Assert.Equal(whole, oneByOne);
    }

    [Theory]
    [InlineData("""{ name = "render" }""", true)]
    [InlineData("{ status = error && .a = 1 } | select(.b)", true)]
    [InlineData("{ }", true)]
    [InlineData("({ name = \"a\" })", true)]
    [InlineData("""{ rootName = "a" }""", false)]
    [InlineData("{ childCount > 1 }", false)]
    [InlineData("{ .a = 1 } > { .b = 2 }", false)]
    [InlineData("{ .a = 1 } && { .b = 2 }", false)]
    [InlineData("{ } | count() > 1", false)]
    [InlineData("{ } | by(.a)", false)]
    public void Span_locality_is_decided_from_the_query(string query, bool local)
    {
        Assert.Equal(local, TraceQLEvaluator.Compile(TraceQLParser.Parse(query)).IsSpanLocal);
    }

    [Fact]
    public void By_names_the_group_attribute_and_scalar_filters_report_their_value()
    {
        var sets = Run("{ status = error } | by(resource.service.name) | count() > 1");
        var set = Assert.Single(sets);
        var attribute = Assert.Single(set.Attributes);
        Assert.Equal("by(resource.service.name)", attribute.Key);
        Assert.Equal(StaticValue.OfString("payments"), attribute.Value);
        Assert.Equal(StaticValue.OfInt(2), set.Scalar);
    }

    [Fact]
    public void Select_fields_are_listed_and_readable_per_span()
    {
        var evaluator = TraceQLEvaluator.Compile(TraceQLParser.Parse("{ status = error } | select(.http.status_code, rootName)"));
        Assert.Equal([".http.status_code", "rootName"], evaluator.SelectFields.Select(f => f.ToString()));
        var rows = Traces[2];
        Assert.Equal(StaticValue.OfInt(500), TraceQLEvaluator.ReadField(evaluator.SelectFields[0], Batch, rows, rows[0]));
        Assert.Equal(StaticValue.OfString("POST /pay"), TraceQLEvaluator.ReadField(evaluator.SelectFields[1], Batch, rows, rows[1]));
        Assert.Null(TraceQLEvaluator.ReadField(evaluator.SelectFields[0], Batch, rows, rows[2]));
    }

    [Theory]
    [InlineData("""{ resource.service.name = "x" && duration > 500ms }""", true, "resource.service.name Equal x|duration Greater 500000000")]
    [InlineData("""{ span.http.status_code = 500 }""", true, "span.http.status_code Equal 500")]
    [InlineData("""{ name = "a" } >> { name = "b" }""", false, "name Equal a|name Equal b")]
    [InlineData("""{ name = "a" || name = "b" }""", false, "name Equal a|name Equal b")]
    [InlineData("""{ name != "a" }""", true, "")]
    [InlineData("""{ !(name = "a") }""", true, "")]
    [InlineData("""{ name =~ "a.*" }""", true, "")]
    [InlineData("""{ name = "a" || .b != 1 }""", true, "")]
    [InlineData("""{ 500 < span.x }""", true, "span.x Greater 500")]
    [InlineData("""{ rootName = "a" && kind = server }""", true, "kind Equal 2")]
    [InlineData("""{ .a = 1 } !> { .b = 2 }""", true, ".b Equal 2")]
    [InlineData("""{ instrumentation.a = 1 }""", true, "")]
    public void Fetch_requests_carry_only_sound_conditions(string query, bool all, string expected)
    {
        var request = TraceQLEvaluator.Compile(TraceQLParser.Parse(query)).FetchRequest(new Orrery.Signals.TimeRange(1, 2));
        Assert.Equal(new Orrery.Signals.TimeRange(1, 2), request.Range);
        Assert.Equal(expected, string.Join('|', request.Conditions.Select(c => $"{c.Attribute} {c.Operator} {c.Operand}")));
        if (request.Conditions.Count > 0) Assert.Equal(all, request.AllConditions);
    }

    [Fact]
    public void Metrics_stages_are_left_to_the_caller()
    {
        var evaluator = TraceQLEvaluator.Compile(TraceQLParser.Parse("{ status = error } | rate() by (resource.service.name)"));
        var output = new List<Spanset>();
        evaluator.Evaluate(Batch, Traces[2], output);
        Assert.Equal("{21 22 24}", Render(output));
    }

    private static List<Spanset> Run(string query)
    {
        var evaluator = TraceQLEvaluator.Compile(TraceQLParser.Parse(query));
        var output = new List<Spanset>();
        foreach (var id in Traces.Keys.Order()) evaluator.Evaluate(Batch, Traces[id], output);
        return output;
    }

    private static string Render(List<Spanset> sets) => string.Join(' ', sets.Select(set =>
        "{" + string.Join(' ', set.Rows.Select(row => Batch.Spans[row].SpanId.Value).Order().Select(id => id.ToString("x", CultureInfo.InvariantCulture))) + "}"));
}
