using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Orrery.EndToEnd.Tests.Support;

namespace Orrery.EndToEnd.Tests;

/// <summary>
/// <c>/api/service-graph</c> over the built-in pipeline: a client span of one service and the
/// server span it called in another become one edge with its count and latency.
/// </summary>
public sealed class ServiceGraphApiTests
{
    [Fact]
    public async Task A_client_server_pair_becomes_an_edge_between_the_two_services()
    {
        await using var orrery = await InProcessOrrery.StartAsync();
        var traceId = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
        var startNs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var body = Spans(traceId, startNs);
        var export = await orrery.Endpoints.Client.PostAsync(orrery.Endpoints.OtlpHttpTraces, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);

        // The connector flushes every 15 s; poll until the edge is there.
        var deadline = Stopwatch.StartNew();
        JsonElement edge = default;
        JsonElement nodes = default;
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            var start = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds();
            var end = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds();
            var json = await orrery.Endpoints.Client.GetStringAsync(new Uri(orrery.Endpoints.Http, $"/api/service-graph?start={start}&end={end}"));
            using var doc = JsonDocument.Parse(json);
            var found = doc.RootElement.GetProperty("edges").EnumerateArray()
                .Where(e => e.GetProperty("source").GetString() == "frontend" && e.GetProperty("target").GetString() == "checkout")
                .Select(e => e.Clone())
                .ToList();
            if (found.Count == 1 && found[0].GetProperty("requests").GetDouble() > 0)
            {
                edge = found[0];
                nodes = doc.RootElement.GetProperty("nodes").Clone();
                break;
            }
            await Task.Delay(1000);
        }

        Assert.Equal(JsonValueKind.Object, edge.ValueKind);
        // increase() extrapolates to the range edges, so the count is about one request, not exactly.
        Assert.InRange(edge.GetProperty("requests").GetDouble(), 0.5, 2.5);
        Assert.Equal(0, edge.GetProperty("failed").GetDouble());
        Assert.Equal(["checkout", "frontend"], nodes.EnumerateArray().Select(n => n.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Times_that_do_not_parse_are_a_bad_request()
    {
        await using var orrery = await InProcessOrrery.StartAsync();
        var response = await orrery.Endpoints.Client.GetAsync(new Uri(orrery.Endpoints.Http, "/api/service-graph?start=yesterday"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("start and end", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>frontend's client span (120 ms) calling checkout's server span (100 ms), as OTLP JSON.</summary>
    private static string Spans(string traceId, long startNs)
    {
        static string N(long v) => v.ToString(CultureInfo.InvariantCulture);
        return $$$"""
            {"resourceSpans":[
              {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"frontend"}}]},
               "scopeSpans":[{"spans":[{"traceId":"{{{traceId}}}","spanId":"1111111111111111","name":"GET /checkout","kind":3,
                 "startTimeUnixNano":"{{{N(startNs)}}}","endTimeUnixNano":"{{{N(startNs + 120_000_000)}}}"}]}]},
              {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},
               "scopeSpans":[{"spans":[{"traceId":"{{{traceId}}}","spanId":"2222222222222222","parentSpanId":"1111111111111111","name":"POST /checkout","kind":2,
                 "startTimeUnixNano":"{{{N(startNs + 10_000_000)}}}","endTimeUnixNano":"{{{N(startNs + 110_000_000)}}}"}]}]}
            ]}
            """;
    }
}
