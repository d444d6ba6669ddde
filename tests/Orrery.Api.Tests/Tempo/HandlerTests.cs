using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Orrery.Api.Tempo;
using Orrery.Api.Tempo.Search;
using Orrery.Api.Tempo.Tags;
using Orrery.Api.Tempo.Traces;
using Orrery.Query.Traces;
using Orrery.Signals;
using Orrery.Storage.Traces;

namespace Orrery.Api.Tests.Tempo;

public class HandlerTests
{
    private const long Second = 1_000_000_000;
    private readonly FakeTraceReader _reader = new();

    private static QueryCollection Query(params (string Key, string Value)[] values) =>
        new(values.ToDictionary(v => v.Key, v => new StringValues(v.Value)));

    private static string Json(TempoResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) TempoResultWriter.WriteJson(writer, result);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void Search_finds_by_tags_and_duration_and_writes_tempo_json()
    {
        _reader.Add("default", 1, "checkout", "GET /cart", 100 * Second, 100 * Second + 250_000_000);
        _reader.Add("default", 2, "checkout", "GET /cart", 200 * Second, 200 * Second + 5_000_000);
        _reader.Add("default", 3, "billing", "charge", 300 * Second, 301 * Second);
        var handler = new SearchHandler(new TraceSearcher(_reader));

        var result = handler.Handle("default", Query(("tags", "service.name=checkout"), ("minDuration", "100ms")), default);

        var json = Json(result);
        Assert.Equal(
            """{"traces":[{"traceID":"00000000000000000000000000000001","rootServiceName":"checkout","rootTraceName":"GET /cart","startTimeUnixNano":"100000000000","durationMs":250}],"metrics":{"inspectedTraces":3,"inspectedSpans":3,"inspectedBytes":"0","completedJobs":1,"totalJobs":1}}""",
            json);
    }

    [Fact]
    public void Search_passes_start_and_end_seconds_as_the_range()
    {
        var handler = new SearchHandler(new TraceSearcher(_reader));

        handler.Handle("default", Query(("start", "100"), ("end", "200")), default);

        Assert.Equal(new TimeRange(100 * Second, (201 * Second) - 1), _reader.LastRange);
    }

    [Theory]
    [InlineData("tags", "service.name", "no value")]
    [InlineData("tags", "status=nope", "invalid status")]
    [InlineData("minDuration", "fast", "invalid minDuration")]
    [InlineData("maxDuration", "10", "invalid maxDuration")]
    [InlineData("limit", "-1", "invalid limit")]
    [InlineData("limit", "many", "invalid limit")]
    [InlineData("start", "yesterday", "invalid start")]
    [InlineData("q", "{ .a = 1 }", "TraceQL")]
    public void Search_rejects_bad_parameters_with_the_reason(string name, string value, string expected)
    {
        var handler = new SearchHandler(new TraceSearcher(_reader));

        var error = Assert.IsType<TempoError>(handler.Handle("default", Query((name, value)), default));

        Assert.Equal(StatusCodes.Status400BadRequest, error.StatusCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_rejects_min_above_max()
    {
        var handler = new SearchHandler(new TraceSearcher(_reader));

        var error = Assert.IsType<TempoError>(handler.Handle("default", Query(("minDuration", "2s"), ("maxDuration", "1s")), default));

        Assert.Equal(StatusCodes.Status400BadRequest, error.StatusCode);
    }

    [Fact]
    public void Trace_by_id_finds_pads_short_ids_and_scopes_by_tenant()
    {
        _reader.Add("a", 0xabc, "svc", "op", Second, 2 * Second);
        var handler = new TraceByIdHandler(_reader);

        var found = Assert.IsType<TraceResult>(handler.Handle("a", "abc", Query(), TraceResponseShape.V2, protobuf: true));
        var otherTenant = Assert.IsType<TempoError>(handler.Handle("b", "abc", Query(), TraceResponseShape.V1, protobuf: false));

        Assert.Equal(TraceResponseShape.V2, found.Shape);
        Assert.True(found.Protobuf);
        Assert.Equal(StatusCodes.Status404NotFound, otherTenant.StatusCode);
    }

    [Theory]
    [InlineData("xyz")]
    [InlineData("000000000000000000000000000000001")]
    public void Trace_by_id_rejects_invalid_ids(string id)
    {
        var error = Assert.IsType<TempoError>(new TraceByIdHandler(_reader).Handle("a", id, Query(), TraceResponseShape.V1, false));

        Assert.Equal(StatusCodes.Status400BadRequest, error.StatusCode);
        Assert.Contains(id, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_names_v1_merge_scopes_and_v2_keeps_them_apart()
    {
        _reader.Names[AttributeScope.Resource] = ["service.name", "host.name"];
        _reader.Names[AttributeScope.Span] = ["http.method", "host.name"];
        var handler = new TagsHandler(_reader);

        Assert.Equal("""{"tagNames":["host.name","http.method","service.name"]}""", Json(handler.TagNames("t", Query())));
        Assert.Equal(
            """{"scopes":[{"name":"resource","tags":["host.name","service.name"]},{"name":"span","tags":["host.name","http.method"]},{"name":"intrinsic","tags":["duration","kind","name","status","statusMessage"]}]}""",
            Json(handler.ScopedTagNames("t", Query())));
        Assert.Equal("""{"scopes":[{"name":"span","tags":["host.name","http.method"]}]}""", Json(handler.ScopedTagNames("t", Query(("scope", "span")))));
    }

    [Fact]
    public void Tag_values_v1_are_strings_and_v2_are_typed()
    {
        _reader.Values.AddRange([new TagValue("string", "b"), new TagValue("string", "a"), new TagValue("int", "200")]);
        var handler = new TagsHandler(_reader);

        Assert.Equal("""{"tagValues":["200","a","b"]}""", Json(handler.TagValues("t", "http.x", Query())));
        Assert.Equal(AttributeRef.Unscoped("http.x"), _reader.LastTag);

        Assert.Equal(
            """{"tagValues":[{"type":"int","value":"200"},{"type":"string","value":"a"},{"type":"string","value":"b"}]}""",
            Json(handler.TypedTagValues("t", "resource.service.name", Query())));
        Assert.Equal(AttributeRef.Resource("service.name"), _reader.LastTag);
    }

    [Fact]
    public void Tag_values_v2_rejects_an_unscoped_tag()
    {
        var error = Assert.IsType<TempoError>(new TagsHandler(_reader).TypedTagValues("t", "service.name", Query()));

        Assert.Equal(StatusCodes.Status400BadRequest, error.StatusCode);
    }

    [Theory]
    [InlineData(false, null, null, "default")]
    [InlineData(false, "team-a", null, "default")]
    [InlineData(true, "team-a", null, "team-a")]
    [InlineData(true, null, 401, null)]
    [InlineData(true, "../etc", 400, null)]
    public void Tenant_comes_from_the_header_only_when_multi_tenant(bool multiTenant, string? header, int? status, string? tenant)
    {
        var context = new DefaultHttpContext();
        if (header is not null) context.Request.Headers[Orrery.Signals.Tenant.HeaderName] = header;

        var error = TempoTenant.Resolve(context.Request, multiTenant, out var resolved);

        Assert.Equal(status, error?.StatusCode);
        if (tenant is not null) Assert.Equal(tenant, resolved);
    }
}
