using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Orrery.Api.Tempo;
using Orrery.Api.Tempo.Tags;
using Orrery.Query.Tests.TraceQL.Metrics;
using Orrery.Query.TraceQL.Syntax;
using static Orrery.Query.Tests.TraceQL.Metrics.MetricsFixture;

namespace Orrery.Api.Tests.Tempo;

/// <summary>
/// Autocomplete scoped by <c>q=</c> over the metrics fixture: errors c and e (api, "GET /" and
/// "POST /", http.status_code 500), a (api, 200), g (api), b and d (db, client), f (worker).
/// </summary>
public class TagsScopingTests
{
    private readonly TagsHandler _handler = new(new InMemoryTraceReader(All));

    private static QueryCollection Query(params (string Key, string Value)[] values) =>
        new(values.ToDictionary(v => v.Key, v => new StringValues(v.Value)));

    private static string Json(TempoResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            TempoResultWriter.WriteJson(writer, result);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private string Values(string tag, string? q) =>
        Json(_handler.TypedTagValues("t", tag, q is null ? Query() : Query(("q", q))));

    [Theory]
    [InlineData(null, """[{"type":"string","value":"api"},{"type":"string","value":"db"},{"type":"string","value":"worker"}]""")]
    [InlineData("{}", """[{"type":"string","value":"api"},{"type":"string","value":"db"},{"type":"string","value":"worker"}]""")]
    [InlineData("{ status = error }", """[{"type":"string","value":"api"}]""")]
    [InlineData("{ kind = client && resource.service.name = }", """[{"type":"string","value":"db"}]""")]
    [InlineData("{ kind = client && resource.service.name =~", """[{"type":"string","value":"db"}]""")]
    [InlineData("{ resource.service.name = \"api\" } > { }", """[{"type":"string","value":"db"},{"type":"string","value":"worker"}]""")]
    [InlineData("{ .a = 1 && }", """[{"type":"string","value":"api"},{"type":"string","value":"db"},{"type":"string","value":"worker"}]""")]
    public void Values_are_those_of_the_spans_the_query_matches(string? q, string expected)
    {
        Assert.Equal($$"""{"tagValues":{{expected}}}""", Values("resource.service.name", q));
    }

    [Theory]
    [InlineData("name", "{ span.http.status_code = 500 && name = ", """[{"type":"string","value":"GET /"},{"type":"string","value":"POST /"}]""")]
    [InlineData("status", "{ resource.service.name = \"db\" }", """[{"type":"keyword","value":"unset"}]""")]
    [InlineData("span.http.status_code", "{ resource.service.name = \"api\" && status = }", """[{"type":"int","value":"200"},{"type":"int","value":"500"}]""")]
    [InlineData(".http.status_code", "{ status = error }", """[{"type":"int","value":"500"}]""")]
    public void Intrinsics_and_typed_attributes_are_scoped_too(string tag, string q, string expected)
    {
        Assert.Equal($$"""{"tagValues":{{expected}}}""", Values(tag, q));
    }

    [Fact]
    public void Tag_names_are_those_of_the_matched_spans()
    {
        Assert.Equal(
            """{"scopes":[{"name":"resource","tags":["service.name"]},{"name":"span","tags":[]}]}""",
            Json(_handler.ScopedTagNames("t", Query(("q", "{ kind = client }"), ("scope", "none")))));
        Assert.Equal(
            """{"scopes":[{"name":"span","tags":["http.status_code"]}]}""",
            Json(_handler.ScopedTagNames("t", Query(("q", "{ status = error && span. }"), ("scope", "span")))));
    }

    [Fact]
    public void Without_q_names_come_from_the_store()
    {
        Assert.Equal(
            """{"scopes":[{"name":"span","tags":["http.status_code"]}]}""",
            Json(_handler.ScopedTagNames("t", Query(("scope", "span")))));
    }

    [Fact]
    public void The_range_limits_the_spans_scanned()
    {
        // Only e (T+25s) and f (T+20s) start in [T+20s, T+30s].
        var scoped = Json(_handler.TypedTagValues("t", "name", Query(("q", "{ kind != client }"), ("start", $"{(T / S) + 20}"), ("end", $"{(T / S) + 30}"))));
        Assert.Equal("""{"tagValues":[{"type":"string","value":"POST /"},{"type":"string","value":"job"}]}""", scoped);
    }

    [Theory]
    [InlineData("{ .foo = \"bar\" && name = }", "{ .foo = \"bar\" && true }")]
    [InlineData("{ name = ", "{ true }")]
    [InlineData("{ .a = 1 } && { span.b != ", "{ .a = 1 } && { true }")]
    [InlineData("{ (name = ) }", "{ (true) }")]
    [InlineData("{ .a = 1 || kind = } | count() > 1", "{ .a = 1 || true } | count() > 1")]
    public void Lenient_parsing_turns_the_condition_being_typed_into_true(string query, string expected)
    {
        Assert.Equal(TraceQLParser.Parse(expected), LenientTraceQL.Parse(query));
    }

    [Theory]
    [InlineData("{ .a = 1 && }")]
    [InlineData("{ .a = \"unterminated }")]
    [InlineData("rate(")]
    public void Queries_too_broken_to_repair_are_not_scoped(string query)
    {
        Assert.Null(LenientTraceQL.Parse(query));
    }
}
