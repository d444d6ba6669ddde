using Orrery.Query.TraceQL.Syntax;

namespace Orrery.Query.Tests.TraceQL.Syntax;

public class TraceQLParserValidTests
{
    public static TheoryData<string, string> Queries => new()
    {
        // Filters, intrinsics and scopes
        { "{}", "{ }" },
        { "{ }", "{ }" },
        { "{ true }", "{ true }" },
        { "{ .foo }", "{ .foo }" },
        { "{span.http.status_code=500}", "{ span.http.status_code = 500 }" },
        { "{ resource.service.name = \"api\" }", "{ resource.service.name = \"api\" }" },
        { "{ .http.method = `GET` }", "{ .http.method = \"GET\" }" },
        { "{ span.\"attr with spaces\" = 1 }", "{ span.\"attr with spaces\" = 1 }" },
        { "{ .\"a\\\"b\" != nil }", "{ .\"a\\\"b\" != nil }" },
        { "{ event.exception.message =~ \"time.*\" }", "{ event.exception.message =~ \"time.*\" }" },
        { "{ link.opentracing.ref_type = \"follows_from\" }", "{ link.opentracing.ref_type = \"follows_from\" }" },
        { "{ instrumentation.lib.version = \"1.0\" }", "{ instrumentation.lib.version = \"1.0\" }" },
        { "{ name = \"GET /\" }", "{ name = \"GET /\" }" },
        { "{ span:name = \"GET /\" }", "{ name = \"GET /\" }" },
        { "{ status = error }", "{ status = error }" },
        { "{ span:status != ok }", "{ status != ok }" },
        { "{ status = unset }", "{ status = unset }" },
        { "{ statusMessage =~ \"timeout.*\" }", "{ statusMessage =~ \"timeout.*\" }" },
        { "{ kind = server }", "{ kind = server }" },
        { "{ span:kind = client || kind = producer || kind = consumer || kind = internal || kind = unspecified }", "{ kind = client || kind = producer || kind = consumer || kind = internal || kind = unspecified }" },
        { "{ duration > 500ms }", "{ duration > 500ms }" },
        { "{ span:duration >= 1h30m }", "{ duration >= 1h30m0s }" },
        { "{ duration < 1.5s }", "{ duration < 1.5s }" },
        { "{ duration <= 10us }", "{ duration <= 10us }" },
        { "{ duration > 100ns }", "{ duration > 100ns }" },
        { "{ duration > 90s }", "{ duration > 1m30s }" },
        { "{ rootName = \"root\" && trace:rootName = \"root\" }", "{ rootName = \"root\" && rootName = \"root\" }" },
        { "{ rootServiceName = \"a\" || trace:rootService = \"b\" }", "{ rootServiceName = \"a\" || rootServiceName = \"b\" }" },
        { "{ traceDuration > 2s && trace:duration < 1m }", "{ traceDuration > 2s && traceDuration < 1m0s }" },
        { "{ span:id = \"0102030405060708\" }", "{ span:id = \"0102030405060708\" }" },
        { "{ span:parentID = \"0102030405060708\" }", "{ span:parentID = \"0102030405060708\" }" },
        { "{ trace:id = \"abc\" }", "{ trace:id = \"abc\" }" },
        { "{ event:name = \"exception\" }", "{ event:name = \"exception\" }" },
        { "{ event:timeSinceStart > 1ms }", "{ event:timeSinceStart > 1ms }" },
        { "{ link:traceID = \"abc\" && link:spanID = \"def\" }", "{ link:traceID = \"abc\" && link:spanID = \"def\" }" },
        { "{ instrumentation:name = \"otel\" && instrumentation:version = \"1\" }", "{ instrumentation:name = \"otel\" && instrumentation:version = \"1\" }" },
        { "{ nestedSetParent = -1 }", "{ nestedSetParent = -1 }" },
        { "{ nestedSetLeft > 1 && nestedSetRight < 10 }", "{ nestedSetLeft > 1 && nestedSetRight < 10 }" },
        { "{ childCount > 2 }", "{ childCount > 2 }" },
        // Literals and operators
        { "{ .a = 1.5 }", "{ .a = 1.5 }" },
        { "{ .a = 2.0 }", "{ .a = 2.0 }" },
        { "{ .a = 1e3 }", "{ .a = 1000.0 }" },
        { "{ .a = -3 }", "{ .a = -3 }" },
        { "{ .a = - 3.25 }", "{ .a = -3.25 }" },
        { "{ .a = true && .b = false }", "{ .a = true && .b = false }" },
        { "{ .a = nil }", "{ .a = nil }" },
        { "{ .a != nil }", "{ .a != nil }" },
        { "{ .a !~ \"x\" }", "{ .a !~ \"x\" }" },
        { "{ .a = \"tab\\there\\nnew\" }", "{ .a = \"tab\\there\\nnew\" }" },
        { "{ .a = \"\\u00e9\" }", "{ .a = \"é\" }" },
        { "{ !(.a = 1) }", "{ !(.a = 1) }" },
        { "{ !.flag }", "{ !.flag }" },
        { "{ -.a > 1 }", "{ -.a > 1 }" },
        { "{ .a + 1 = 2 }", "{ .a + 1 = 2 }" },
        { "{ .a - .b * 2 / 4 % 3 > 1 }", "{ .a - .b * 2 / 4 % 3 > 1 }" },
        { "{ .a ^ 2 ^ 3 > 1 }", "{ .a ^ 2 ^ 3 > 1 }" },
        { "{ (.a ^ 2) ^ 3 > 1 }", "{ (.a ^ 2) ^ 3 > 1 }" },
        { "{ (.a + 1) * 2 > 1 }", "{ (.a + 1) * 2 > 1 }" },
        { "{ .a - (.b - .c) > 0 }", "{ .a - (.b - .c) > 0 }" },
        { "{ duration * 2 > 1s }", "{ duration * 2 > 1s }" },
        { "{ 1 + 2 = 3 }", "{ 1 + 2 = 3 }" },
        { "{ 1 = 1.0 }", "{ 1 = 1.0 }" },
        { "{ (.a = 1 || .b = 2) && .c = 3 }", "{ (.a = 1 || .b = 2) && .c = 3 }" },
        { "{\n  .a = 1\n}", "{ .a = 1 }" },
        // Spanset operators
        { "{ .a = 1 } && { .b = 2 }", "{ .a = 1 } && { .b = 2 }" },
        { "{ .a = 1 } || { .b = 2 }", "{ .a = 1 } || { .b = 2 }" },
        { "{ name = \"a\" } >> { name = \"b\" }", "{ name = \"a\" } >> { name = \"b\" }" },
        { "{ } > { }", "{ } > { }" },
        { "{ } < { }", "{ } < { }" },
        { "{ } << { }", "{ } << { }" },
        { "{ } ~ { }", "{ } ~ { }" },
        { "{ } !> { }", "{ } !> { }" },
        { "{ } !>> { }", "{ } !>> { }" },
        { "{ } !< { }", "{ } !< { }" },
        { "{ } !<< { }", "{ } !<< { }" },
        { "{ } !~ { }", "{ } !~ { }" },
        { "{ } &> { }", "{ } &> { }" },
        { "{ } &>> { }", "{ } &>> { }" },
        { "{ } &< { }", "{ } &< { }" },
        { "{ } &<< { }", "{ } &<< { }" },
        { "{ } &~ { }", "{ } &~ { }" },
        { "({ .a = 1 } || { .b = 2 }) > { .c = 3 }", "({ .a = 1 } || { .b = 2 }) > { .c = 3 }" },
        { "{ .a = 1 } > ({ .b = 2 } > { .c = 3 })", "{ .a = 1 } > ({ .b = 2 } > { .c = 3 })" },
        { "(({ }))", "{ }" },
        // Pipelines
        { "{ } | count() > 3", "{ } | count() > 3" },
        { "{ } | avg(duration) > 1s", "{ } | avg(duration) > 1s" },
        { "{ } | min(span.bytes) <= 10 | max(.x) >= 1.5", "{ } | min(span.bytes) <= 10 | max(.x) >= 1.5" },
        { "{ } | sum(duration) != 1m", "{ } | sum(duration) != 1m0s" },
        { "{ } | count() = 1", "{ } | count() = 1" },
        { "{ } | max(duration) - min(duration) > 1s", "{ } | max(duration) - min(duration) > 1s" },
        { "{ } | 2 < count()", "{ } | 2 < count()" },
        { "{ } | (max(duration) - min(duration)) * 2 > 1s", "{ } | (max(duration) - min(duration)) * 2 > 1s" },
        { "{ } | ((count())) ^ 2 ^ 2 >= (1 + 2)", "{ } | count() ^ 2 ^ 2 >= 1 + 2" },
        { "({ }) | count() > 1", "{ } | count() > 1" },
        { "{ } | ((count()) + max(.a * 2)) > 2", "{ } | count() + max(.a * 2) > 2" },
        { "{ } | ((count()) > 1)", "{ } | (count() > 1)" },
        { "{ } && (count() > 1)", "{ } && (count() > 1)" },
        { "(count() > 1) && { }", "(count() > 1) && { }" },
        { "count() > 1 | { } | by(name)", "count() > 1 | { } | by(name)" },
        { "{ } | ({ .a = 1 })", "{ } | { .a = 1 }" },
        { "{ } | count() > -1", "{ } | count() > -1" },
        { "{ } | by(resource.service.name)", "{ } | by(resource.service.name)" },
        { "{ } | by(resource.service.name) | count() > 1 | coalesce()", "{ } | by(resource.service.name) | count() > 1 | coalesce()" },
        { "{ } | select(span.http.url, name, duration)", "{ } | select(span.http.url, name, duration)" },
        { "{ .a = 1 } | { .b = 2 } > { .c = 3 }", "{ .a = 1 } | { .b = 2 } > { .c = 3 }" },
        { "({ .a = 1 } | count() > 1) && { .b = 2 }", "({ .a = 1 } | count() > 1) && { .b = 2 }" },
        { "({ .a = 1 } | count() > 1) >> ({ .b = 2 } | by(name))", "({ .a = 1 } | count() > 1) >> ({ .b = 2 } | by(name))" },
        // Metrics
        { "{ } | rate()", "{ } | rate()" },
        { "{ } | rate() by (resource.service.name)", "{ } | rate() by (resource.service.name)" },
        { "{ status = error } | count_over_time() by (name, span.region)", "{ status = error } | count_over_time() by (name, span.region)" },
        { "{ } | min_over_time(duration)", "{ } | min_over_time(duration)" },
        { "{ } | max_over_time(span.bytes)", "{ } | max_over_time(span.bytes)" },
        { "{ } | avg_over_time(duration) by (name)", "{ } | avg_over_time(duration) by (name)" },
        { "{ } | sum_over_time(span.bytes)", "{ } | sum_over_time(span.bytes)" },
        { "{ } | quantile_over_time(duration, 0.50, 0.9, 0.99, 1)", "{ } | quantile_over_time(duration, 0.5, 0.9, 0.99, 1.0)" },
        { "{ } | histogram_over_time(duration) by (span.region)", "{ } | histogram_over_time(duration) by (span.region)" },
        { "{ } | compare({ status = error })", "{ } | compare({ status = error })" },
        { "{ } | compare({ duration > 1s }, 10, 1713968640000000000, 1713968940000000000)", "{ } | compare({ duration > 1s }, 10, 1713968640000000000, 1713968940000000000)" },
        { "{ } | rate() by (name) | topk(5)", "{ } | rate() by (name) | topk(5)" },
        { "{ } | rate() | bottomk(3)", "{ } | rate() | bottomk(3)" },
        { "{ } | by(name) | count_over_time()", "{ } | by(name) | count_over_time()" },
        // Hints
        { "{ } | rate() with (exemplars = true)", "{ } | rate() with (exemplars = true)" },
        { "{ } with(sample=0.1, most_recent=true, name=\"x\", step=30s, n=-2)", "{ } with (sample = 0.1, most_recent = true, name = \"x\", step = 30s, n = -2)" },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void Parses_and_prints_canonically(string query, string canonical)
    {
        var parsed = TraceQLParser.Parse(query);

        Assert.Equal(canonical, parsed.ToString());
        Assert.Equal(parsed, TraceQLParser.Parse(canonical));
        Assert.Equal(canonical, TraceQLParser.Parse(canonical).ToString());
    }

    [Fact]
    public void Attribute_path_keeps_dots_in_the_name()
    {
        var query = TraceQLParser.Parse("{ span.http.status_code = 500 }");

        var filter = Assert.IsType<SpansetFilter>(Assert.Single(query.Pipeline.Stages));
        var comparison = Assert.IsType<BinaryFieldExpr>(filter.Expression);
        Assert.Equal(new AttributeExpr(AttributeScope.Span, "http.status_code"), comparison.Left);
        Assert.Equal(new StaticExpr(StaticValue.OfInt(500)), comparison.Right);
    }

    [Fact]
    public void Durations_are_nanoseconds()
    {
        var filter = (SpansetFilter)TraceQLParser.Parse("{ duration > 1h30m }").Pipeline.Stages[0];

        var comparison = (BinaryFieldExpr)filter.Expression!;
        Assert.Equal(StaticValue.OfDuration(5_400_000_000_000), ((StaticExpr)comparison.Right).Value);
    }

    [Fact]
    public void Metrics_stage_carries_its_arguments()
    {
        var query = TraceQLParser.Parse("{ } | quantile_over_time(duration, 0.5, 0.99) by (resource.service.name)");

        var metrics = Assert.IsType<MetricsAggregate>(query.Pipeline.Stages[1]);
        Assert.Equal(MetricsFunction.QuantileOverTime, metrics.Function);
        Assert.Equal(new IntrinsicExpr(Intrinsic.Duration), metrics.Attribute);
        Assert.Equal([0.5, 0.99], metrics.Quantiles);
        Assert.Equal(new AttributeExpr(AttributeScope.Resource, "service.name"), Assert.Single(metrics.By));
    }

    [Fact]
    public void Hints_are_kept()
    {
        var query = TraceQLParser.Parse("{ } with (exemplars = true, sample = 0.1)");

        Assert.Equal([new QueryHint("exemplars", StaticValue.True), new QueryHint("sample", StaticValue.OfFloat(0.1))], query.Hints);
    }
}
