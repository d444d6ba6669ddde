using System.Diagnostics;
using System.Net;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orrery.EndToEnd.Tests.Support;

namespace Orrery.EndToEnd.Tests.TraceQL;

/// <summary>Spans from the OpenTelemetry .NET SDK, found with TraceQL through <c>/api/search?q=</c>.</summary>
[Collection(SharedOrreryCollection.Name)]
public class TraceQLSearchTests(SharedOrrery orrery) : IAsyncLifetime
{
    private readonly string _service = $"tql-{Guid.NewGuid():N}"[..20];
    private string _traceId = "";
    private string _checkoutId = "";
    private string _selectId = "";

    public Task InitializeAsync()
    {
        var sourceName = "orrery.e2e.traceql." + _service;
        var start = DateTimeOffset.UtcNow.AddSeconds(-5);
        using var exporterErrors = new OtlpExporterErrors();
        using var source = new ActivitySource(sourceName, "1.0.0");
        using var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(sourceName)
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(_service).AddAttributes(new Dictionary<string, object> { ["region"] = "eu" }))
            .AddOtlpExporter(o =>
            {
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.Endpoint = orrery.Endpoints.OtlpHttpTraces;
                o.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build();
        Activity.Current = null;
        var root = source.StartActivity("GET /checkout", ActivityKind.Server, default(ActivityContext), startTime: start)!;
        root.SetTag("http.status_code", 500);
        root.SetStatus(ActivityStatusCode.Error, "boom");
        var cart = source.StartActivity("cart.load", ActivityKind.Internal, root.Context, startTime: start.AddMilliseconds(5))!;
        var select = source.StartActivity("SELECT carts", ActivityKind.Client, cart.Context, startTime: start.AddMilliseconds(10))!;
        select.SetTag("db.rows", 3);
        select.AddEvent(new ActivityEvent("retry", start.AddMilliseconds(20)));
        select.SetEndTime(start.AddMilliseconds(700).UtcDateTime);
        select.Stop();
        cart.SetEndTime(start.AddMilliseconds(750).UtcDateTime);
        cart.Stop();
        root.SetEndTime(start.AddMilliseconds(800).UtcDateTime);
        root.Stop();
        Assert.True(provider.ForceFlush(20_000), exporterErrors.Describe());
        _traceId = root.TraceId.ToHexString();
        _checkoutId = root.SpanId.ToHexString();
        _selectId = select.SpanId.ToHexString();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<JsonElement> Search(string q, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var path = $"/api/search?q={Uri.EscapeDataString(q)}&start={now - 3600}&end={now + 60}&limit=20";
        using var response = await orrery.Endpoints.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {path}: {(int)response.StatusCode} {body}");
        return expected == HttpStatusCode.OK ? JsonDocument.Parse(body).RootElement.Clone() : JsonDocument.Parse(JsonSerializer.Serialize(body)).RootElement.Clone();
    }

    private static IEnumerable<string?> SpanIds(JsonElement trace) =>
        trace.GetProperty("spanSets").EnumerateArray().SelectMany(s => s.GetProperty("spans").EnumerateArray()).Select(s => s.GetProperty("spanID").GetString());

    [Fact]
    public async Task An_attribute_filter_finds_the_trace_with_the_matched_span_and_its_attributes()
    {
        var result = await Search($$"""{ resource.service.name = "{{_service}}" && span.http.status_code = 500 }""");

        var trace = Assert.Single(result.GetProperty("traces").EnumerateArray());
        Assert.Equal(_traceId, trace.GetProperty("traceID").GetString());
        Assert.Equal(_service, trace.GetProperty("rootServiceName").GetString());
        Assert.Equal("GET /checkout", trace.GetProperty("rootTraceName").GetString());
        var span = trace.GetProperty("spanSet").GetProperty("spans")[0];
        Assert.Equal(_checkoutId, span.GetProperty("spanID").GetString());
        Assert.Equal("800000000", span.GetProperty("durationNanos").GetString());
        var attributes = span.GetProperty("attributes").EnumerateArray().ToDictionary(a => a.GetProperty("key").GetString()!, a => a.GetProperty("value"));
        Assert.Equal("500", attributes["http.status_code"].GetProperty("intValue").GetString());
        Assert.Equal(_service, attributes["service.name"].GetProperty("stringValue").GetString());
        Assert.True(result.GetProperty("metrics").GetProperty("inspectedSpans").GetInt64() >= 3);
    }

    [Fact]
    public async Task A_descendant_query_returns_the_descendant_span()
    {
        var result = await Search($$"""{ resource.service.name = "{{_service}}" && kind = server } >> { name = "SELECT carts" && duration > 500ms }""");

        var trace = Assert.Single(result.GetProperty("traces").EnumerateArray());
        Assert.Equal([_selectId], SpanIds(trace));
    }

    [Theory]
    [InlineData("""{ resource.service.name = "SVC" } | count() = 3""", 3)]
    [InlineData("""{ resource.service.name = "SVC" && status = error && resource.region = "eu" }""", 1)]
    [InlineData("""{ resource.service.name = "SVC" && event:name = "retry" && span.db.rows >= 3.0 }""", 1)]
    [InlineData("""{ resource.service.name = "SVC" && kind = internal } !> { resource.service.name = "SVC" }""", 2)]
    [InlineData("""{ resource.service.name = "SVC" && instrumentation:version = "1.0.0" && rootName = "GET /checkout" } | select(span.db.rows)""", 3)]
    public async Task The_trace_matches_with_the_expected_number_of_spans(string template, int matched)
    {
        var result = await Search(template.Replace("SVC", _service, StringComparison.Ordinal));

        var trace = Assert.Single(result.GetProperty("traces").EnumerateArray());
        Assert.Equal(matched, trace.GetProperty("spanSets").EnumerateArray().Sum(s => s.GetProperty("matched").GetInt32()));
    }

    [Fact]
    public async Task A_query_that_cannot_match_finds_nothing()
    {
        var result = await Search($$"""{ resource.service.name = "{{_service}}" && status = ok }""");
        Assert.Empty(result.GetProperty("traces").EnumerateArray());
    }

    [Fact]
    public async Task A_parse_error_is_400_with_the_position()
    {
        var body = await Search("{ .a = }", HttpStatusCode.BadRequest);
        Assert.Contains("line 1, col", body.GetString(), StringComparison.Ordinal);
    }
}
