using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Google.Protobuf;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Proto.Trace.V1;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orrery.EndToEnd.Tests.Support;
using static Orrery.EndToEnd.Tests.Support.OtlpAssert;
using Status = OpenTelemetry.Proto.Trace.V1.Status;

namespace Orrery.EndToEnd.Tests;

/// <summary>Spans sent by the real OpenTelemetry .NET SDK come back field for field, and are searchable.</summary>
[Collection(SharedOrreryCollection.Name)]
public class SdkRoundTripTests(SharedOrrery orrery)
{
    private static long UnixNanos(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Every_field_round_trips_and_the_trace_is_searchable(OtlpExportProtocol protocol)
    {
        var endpoints = orrery.Endpoints;
        var sourceName = "orrery.e2e." + protocol;
        var service = $"e2e-{protocol.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}"[..24];
        var start = DateTimeOffset.UtcNow.AddSeconds(-5);
        var linked = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, "vendor=linked");

        using var exporterErrors = new OtlpExporterErrors();
        using (var source = new ActivitySource(sourceName, "1.2.3"))
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(sourceName)
            .SetResourceBuilder(ResourceBuilder.CreateEmpty()
                .AddService(service, serviceVersion: "9.9")
                .AddAttributes(new Dictionary<string, object> { ["deployment.environment"] = "e2e", ["host.cpus"] = 2L }))
            .AddOtlpExporter(o =>
            {
                o.Protocol = protocol;
                o.Endpoint = protocol == OtlpExportProtocol.Grpc ? endpoints.Grpc : endpoints.OtlpHttpTraces;
                // Simple: Activity.Stop returns only once the server has answered the export. With the
                // batch processor, ForceFlush can return as soon as the spans are taken from its queue,
                // while the export is still in flight, and the read below would race the acknowledgement.
                o.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build())
        {
            Activity.Current = null;
            var root = source.StartActivity("GET /checkout", ActivityKind.Server, default(ActivityContext), startTime: start)!;
            root.SetTag("http.route", "/checkout");
            root.SetTag("http.status_code", 502);
            root.SetTag("retry", true);
            root.SetTag("ratio", 0.75);
            root.SetTag("tags", new[] { "a", "b" });
            root.SetTag("codes", new long[] { 1, 2, 3 });
            root.SetTag("weights", new[] { 0.5, 1.5 });
            root.SetTag("flags", new[] { true, false });
            root.TraceStateString = "vendor=root";
            root.AddEvent(new ActivityEvent("cache.miss", start.AddMilliseconds(5), new ActivityTagsCollection { ["cache.key"] = "cart:1", ["attempt"] = 2L }));
            root.SetStatus(ActivityStatusCode.Error, "payment declined");

            var child = source.StartActivity("SELECT carts", ActivityKind.Client, root.Context, links: [new ActivityLink(linked, new ActivityTagsCollection { ["link.reason"] = "batch" })], startTime: start.AddMilliseconds(10))!;
            child.SetEndTime(start.AddMilliseconds(60).UtcDateTime);
            child.Stop();
            root.SetEndTime(start.AddMilliseconds(300).UtcDateTime);
            root.Stop();
            Assert.True(provider.ForceFlush(20_000));

            var traceId = root.TraceId.ToHexString();
            var data = await GetProtobufTrace(endpoints, "/api/traces/" + traceId, exporterErrors);
            var spans = Spans(data).ToList();
            Assert.Equal(2, spans.Count);

            var (resourceSpans, scopeSpans, rootSpan) = spans.Single(s => s.Span.Name == "GET /checkout");
            Assert.Equal(service, Attribute(resourceSpans.Resource.Attributes, "service.name").StringValue);
            Assert.Equal("9.9", Attribute(resourceSpans.Resource.Attributes, "service.version").StringValue);
            Assert.Equal("e2e", Attribute(resourceSpans.Resource.Attributes, "deployment.environment").StringValue);
            Assert.Equal(2L, Attribute(resourceSpans.Resource.Attributes, "host.cpus").IntValue);
            Assert.Equal(sourceName, scopeSpans.Scope.Name);
            Assert.Equal("1.2.3", scopeSpans.Scope.Version);

            Assert.Equal(root.TraceId.ToHexString(), Convert.ToHexStringLower(rootSpan.TraceId.ToByteArray()));
            Assert.Equal(root.SpanId.ToHexString(), Convert.ToHexStringLower(rootSpan.SpanId.ToByteArray()));
            Assert.True(rootSpan.ParentSpanId.IsEmpty);
            Assert.Equal("vendor=root", rootSpan.TraceState);
            Assert.Equal(Span.Types.SpanKind.Server, rootSpan.Kind);
            Assert.Equal((ulong)UnixNanos(start), rootSpan.StartTimeUnixNano);
            Assert.Equal((ulong)UnixNanos(start.AddMilliseconds(300)), rootSpan.EndTimeUnixNano);
            Assert.Equal(Status.Types.StatusCode.Error, rootSpan.Status.Code);
            Assert.Equal("payment declined", rootSpan.Status.Message);
            Assert.Equal("/checkout", Attribute(rootSpan.Attributes, "http.route").StringValue);
            Assert.Equal(502L, Attribute(rootSpan.Attributes, "http.status_code").IntValue);
            Assert.True(Attribute(rootSpan.Attributes, "retry").BoolValue);
            Assert.Equal(0.75, Attribute(rootSpan.Attributes, "ratio").DoubleValue);
            Assert.Equal(["a", "b"], Attribute(rootSpan.Attributes, "tags").ArrayValue.Values.Select(v => v.StringValue));
            Assert.Equal([1L, 2L, 3L], Attribute(rootSpan.Attributes, "codes").ArrayValue.Values.Select(v => v.IntValue));
            Assert.Equal([0.5, 1.5], Attribute(rootSpan.Attributes, "weights").ArrayValue.Values.Select(v => v.DoubleValue));
            Assert.Equal([true, false], Attribute(rootSpan.Attributes, "flags").ArrayValue.Values.Select(v => v.BoolValue));
            var evt = Assert.Single(rootSpan.Events);
            Assert.Equal("cache.miss", evt.Name);
            Assert.Equal((ulong)UnixNanos(start.AddMilliseconds(5)), evt.TimeUnixNano);
            Assert.Equal("cart:1", Attribute(evt.Attributes, "cache.key").StringValue);
            Assert.Equal(2L, Attribute(evt.Attributes, "attempt").IntValue);

            var childSpan = spans.Single(s => s.Span.Name == "SELECT carts").Span;
            Assert.Equal(rootSpan.SpanId, childSpan.ParentSpanId);
            Assert.Equal(Span.Types.SpanKind.Client, childSpan.Kind);
            Assert.Equal(Status.Types.StatusCode.Unset, childSpan.Status?.Code ?? Status.Types.StatusCode.Unset);
            var link = Assert.Single(childSpan.Links);
            Assert.Equal(linked.TraceId.ToHexString(), Convert.ToHexStringLower(link.TraceId.ToByteArray()));
            Assert.Equal(linked.SpanId.ToHexString(), Convert.ToHexStringLower(link.SpanId.ToByteArray()));
            Assert.Equal("vendor=linked", link.TraceState);
            Assert.Equal("batch", Attribute(link.Attributes, "link.reason").StringValue);

            // The v2 protobuf answer holds the same spans; the JSON answers list them too.
            Assert.Equal(2, Spans(await GetProtobufTrace(endpoints, "/api/v2/traces/" + traceId)).Count());
            await AssertJsonTrace(endpoints, "/api/traces/" + traceId, json => json.GetProperty("batches"), service);
            await AssertJsonTrace(endpoints, "/api/v2/traces/" + traceId, json => json.GetProperty("trace").GetProperty("resourceSpans"), service);

            await AssertSearch(endpoints, service, traceId);
            await AssertTags(endpoints, service);
        }
    }

    private static async Task<TracesData> GetProtobufTrace(OrreryEndpoints endpoints, string path, OtlpExporterErrors? exporterErrors = null)
    {
        using var response = await endpoints.GetAsync(path, accept: "application/protobuf");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}; {exporterErrors?.Describe()}");
        return TracesData.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
    }

    private static async Task AssertJsonTrace(OrreryEndpoints endpoints, string path, Func<JsonElement, JsonElement> resourceSpans, string service)
    {
        using var response = await endpoints.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var batches = resourceSpans(json.RootElement);
        var names = new List<string>();
        var services = new List<string>();
        foreach (var batch in batches.EnumerateArray())
        {
            foreach (var attribute in batch.GetProperty("resource").GetProperty("attributes").EnumerateArray())
            {
                if (attribute.GetProperty("key").GetString() == "service.name") services.Add(attribute.GetProperty("value").GetProperty("stringValue").GetString()!);
            }
            foreach (var scope in batch.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in scope.GetProperty("spans").EnumerateArray()) names.Add(span.GetProperty("name").GetString()!);
            }
        }
        Assert.Equal(["GET /checkout", "SELECT carts"], names.Order());
        Assert.All(services, s => Assert.Equal(service, s));
        Assert.NotEmpty(services);
    }

    private static async Task AssertSearch(OrreryEndpoints endpoints, string service, string traceId)
    {
        async Task<List<JsonElement>> Search(string query)
        {
            using var response = await endpoints.GetAsync("/api/search?" + query);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.GetProperty("traces").EnumerateArray().ToList();
        }

        var tags = Uri.EscapeDataString($"service.name=\"{service}\"");
        var found = Assert.Single(await Search("tags=" + tags));
        Assert.Equal(traceId, found.GetProperty("traceID").GetString());
        Assert.Equal(service, found.GetProperty("rootServiceName").GetString());
        Assert.Equal("GET /checkout", found.GetProperty("rootTraceName").GetString());
        Assert.Equal(300, found.GetProperty("durationMs").GetInt32());

        Assert.Single(await Search("tags=" + tags + Uri.EscapeDataString(" name=\"SELECT carts\"") + "&minDuration=100ms&maxDuration=1s"));
        Assert.Single(await Search("tags=" + tags + Uri.EscapeDataString(" status=error http.status_code=502")));
        Assert.Empty(await Search("tags=" + tags + "&minDuration=301ms"));
        Assert.Empty(await Search("tags=" + tags + Uri.EscapeDataString(" http.status_code=500")));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.Single(await Search($"tags={tags}&start={now - 60}&end={now}"));
        Assert.Empty(await Search($"tags={tags}&start={now - 7200}&end={now - 3600}"));
    }

    private static async Task AssertTags(OrreryEndpoints endpoints, string service)
    {
        async Task<JsonElement> Get(string path)
        {
            using var response = await endpoints.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }

        var names = (await Get("/api/search/tags")).GetProperty("tagNames").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("service.name", names);
        Assert.Contains("http.route", names);

        var scopes = (await Get("/api/v2/search/tags")).GetProperty("scopes").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList());
        Assert.Contains("deployment.environment", scopes["resource"]);
        Assert.Contains("http.route", scopes["span"]);
        Assert.Contains("name", scopes["intrinsic"]);

        var values = (await Get("/api/search/tag/service.name/values")).GetProperty("tagValues").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains(service, values);

        var typed = (await Get("/api/v2/search/tag/resource.service.name/values")).GetProperty("tagValues").EnumerateArray()
            .Select(e => (e.GetProperty("type").GetString(), e.GetProperty("value").GetString())).ToList();
        Assert.Contains(("string", service), typed);
    }
}
