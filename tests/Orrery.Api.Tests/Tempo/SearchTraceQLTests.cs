using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Orrery.Api.Tempo;
using Orrery.Api.Tempo.Search;
using Orrery.Query.TraceQL.Engine;
using Orrery.Query.Traces;

namespace Orrery.Api.Tests.Tempo;

public class SearchTraceQLTests
{
    private const long Second = 1_000_000_000;
    private readonly FakeTraceReader _reader = new();

    public SearchTraceQLTests()
    {
        _reader.Add("default", 1, "checkout", "GET /cart", 100 * Second, 100 * Second + 250_000_000);
        _reader.Add("default", 2, "checkout", "GET /cart", 200 * Second, 200 * Second + 5_000_000);
        _reader.Add("default", 3, "billing", "charge", 300 * Second, 301 * Second);
    }

    private SearchHandler Handler(TraceQLSearchOptions? options = null) => new(new TraceSearcher(_reader), new TraceQLSearcher(_reader, options));

    private static QueryCollection Query(params (string Key, string Value)[] values) =>
        new(values.ToDictionary(v => v.Key, v => new StringValues(v.Value)));

    private static string Json(TempoResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) TempoResultWriter.WriteJson(writer, result);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void A_traceql_query_answers_in_tempos_shape_with_spansets_and_their_attributes()
    {
        var result = Handler().Handle("default", Query(("q", """{ resource.service.name = "checkout" && duration > 100ms }""")), default);

        Assert.Equal(
            """{"traces":[{"traceID":"00000000000000000000000000000001","rootServiceName":"checkout","rootTraceName":"GET /cart","startTimeUnixNano":"100000000000","durationMs":250,"spanSet":{"spans":[{"spanID":"0000000000000001","name":"GET /cart","startTimeUnixNano":"100000000000","durationNanos":"250000000","attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]}],"matched":1},"spanSets":[{"spans":[{"spanID":"0000000000000001","name":"GET /cart","startTimeUnixNano":"100000000000","durationNanos":"250000000","attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]}],"matched":1}]}],"metrics":{"inspectedTraces":3,"inspectedBytes":"PLACEHOLDER","inspectedSpans":3,"completedJobs":1,"totalJobs":1}}""",
            WithoutBytes(Json(result)));
    }

    [Theory]
    // As Tempo: the first `limit` matches end the scan (the fake reader yields oldest first), listed newest first.
    [InlineData("{ }", "00000000000000000000000000000002 00000000000000000000000000000001")]
    // most_recent=true reads the whole window before choosing.
    [InlineData("{ } with (most_recent=true)", "00000000000000000000000000000003 00000000000000000000000000000002")]
    public void Traces_come_newest_first_up_to_the_limit(string q, string expected)
    {
        using var doc = JsonDocument.Parse(Json(Handler().Handle("default", Query(("q", q), ("limit", "2")), default)));
        Assert.Equal(expected, string.Join(' ', doc.RootElement.GetProperty("traces").EnumerateArray().Select(t => t.GetProperty("traceID").GetString())));
    }

    [Fact]
    public void By_groups_carry_their_key_on_the_spanset()
    {
        using var doc = JsonDocument.Parse(Json(Handler().Handle("default", Query(("q", "{ } | by(resource.service.name)")), default)));
        var set = doc.RootElement.GetProperty("traces")[0].GetProperty("spanSets")[0];
        var attribute = set.GetProperty("attributes")[0];
        Assert.Equal("by(resource.service.name)", attribute.GetProperty("key").GetString());
        Assert.Equal("billing", attribute.GetProperty("value").GetProperty("stringValue").GetString());
    }

    [Fact]
    public void Start_end_and_duration_bounds_apply_to_traceql_too()
    {
        using var doc = JsonDocument.Parse(Json(Handler().Handle("default", Query(("q", "{ }"), ("start", "150"), ("end", "400"), ("maxDuration", "10ms")), default)));
        Assert.Equal(["00000000000000000000000000000002"], doc.RootElement.GetProperty("traces").EnumerateArray().Select(t => t.GetProperty("traceID").GetString()));
    }

    [Theory]
    [InlineData("{ .a = }", "parse error at line 1, col")]
    [InlineData("{ duration > \"1s\" }", "parse error")]
    [InlineData("{ } | rate()", "/api/metrics/query_range")]
    public void Bad_queries_are_400_with_the_reason(string q, string expected)
    {
        var error = Assert.IsType<TempoError>(Handler().Handle("default", Query(("q", q)), default));
        Assert.Equal(StatusCodes.Status400BadRequest, error.StatusCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("many")]
    public void Bad_spss_is_400(string spss)
    {
        var error = Assert.IsType<TempoError>(Handler().Handle("default", Query(("q", "{ }"), ("spss", spss)), default));
        Assert.Equal(StatusCodes.Status400BadRequest, error.StatusCode);
        Assert.Contains("invalid spss", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_search_past_its_limits_is_422_with_the_reason()
    {
        var error = Assert.IsType<TempoError>(Handler(new TraceQLSearchOptions(MaxInspectedSpans: 1)).Handle("default", Query(("q", "{ .nothing = 1 }")), default));
        Assert.Equal(StatusCodes.Status422UnprocessableEntity, error.StatusCode);
        Assert.Contains("more than 1 spans", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_search_still_answers_without_q()
    {
        var result = Handler().Handle("default", Query(("tags", "service.name=billing")), default);
        var search = Assert.IsType<SearchResult>(result);
        Assert.Equal(3UL, Assert.Single(search.Search.Traces).TraceId.Low);
    }

    private static string WithoutBytes(string json) =>
        System.Text.RegularExpressions.Regex.Replace(json, "\"inspectedBytes\":\"[0-9]+\"", "\"inspectedBytes\":\"PLACEHOLDER\"");
}
