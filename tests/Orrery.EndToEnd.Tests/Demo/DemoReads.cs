using System.Globalization;
using System.Net;
using System.Text.Json;
using OpenTelemetry.Proto.Trace.V1;
using Orrery.EndToEnd.Tests.Support;

namespace Orrery.EndToEnd.Tests.Demo;

/// <summary>What the demo test reads back through Orrery's HTTP APIs (Tempo, Prometheus, Loki, service graph).</summary>
internal sealed class DemoReads(OrreryEndpoints endpoints, DateTimeOffset since)
{
    private string Start => since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static string End => DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public async Task<List<string>> ServiceNamesAsync()
    {
        using var json = await JsonAsync("/api/search/tag/service.name/values");
        return json.RootElement.GetProperty("tagValues").EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    /// <summary>The trace ids of the exemplars on the series <paramref name="selector"/> selects.</summary>
    public async Task<List<string>> ExemplarTraceIdsAsync(string selector)
    {
        using var json = await JsonAsync($"/api/v1/query_exemplars?query={Uri.EscapeDataString(selector)}&start={Start}&end={End}");
        return json.RootElement.GetProperty("data").EnumerateArray()
            .SelectMany(s => s.GetProperty("exemplars").EnumerateArray())
            .Select(e => e.GetProperty("labels").GetProperty("trace_id").GetString()!)
            .ToList();
    }

    /// <summary>A stored trace as OTLP protobuf; null when Orrery does not know it.</summary>
    public async Task<TracesData?> TraceAsync(string traceId)
    {
        using var response = await endpoints.GetAsync("/api/traces/" + traceId, accept: "application/protobuf");
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/traces/{traceId}: {(int)response.StatusCode}");
        return TracesData.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Trace ids a TraceQL search finds.</summary>
    public async Task<List<string>> SearchAsync(string traceql)
    {
        using var json = await JsonAsync($"/api/search?q={Uri.EscapeDataString(traceql)}&start={Start}&end={End}&limit=20");
        return json.RootElement.GetProperty("traces").EnumerateArray().Select(t => t.GetProperty("traceID").GetString()!).ToList();
    }

    /// <summary>Log lines of a LogQL query, each with its stream's labels (where trace_id and span_id are).</summary>
    public async Task<List<(Dictionary<string, string> Labels, string Line)>> LogsAsync(string logql)
    {
        using var json = await JsonAsync($"/loki/api/v1/query_range?query={Uri.EscapeDataString(logql)}&start={Start}000000000&limit=1000");
        var lines = new List<(Dictionary<string, string>, string)>();
        foreach (var stream in json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = stream.GetProperty("stream").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            foreach (var value in stream.GetProperty("values").EnumerateArray()) lines.Add((labels, value[1].GetString()!));
        }
        return lines;
    }

    /// <summary>The service graph's edges as "client → server (connection type)".</summary>
    public async Task<SortedSet<string>> ServiceGraphEdgesAsync()
    {
        using var json = await JsonAsync($"/api/service-graph?start={Start}&end={DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}");
        return new SortedSet<string>(json.RootElement.GetProperty("edges").EnumerateArray()
            .Select(e => Edge(e.GetProperty("source").GetString()!, e.GetProperty("target").GetString()!, e.GetProperty("connectionType").GetString()!)), StringComparer.Ordinal);
    }

    public static string Edge(string client, string server, string connectionType) => $"{client} → {server} ({connectionType})";

    private async Task<JsonDocument> JsonAsync(string path)
    {
        using var response = await endpoints.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }
}
