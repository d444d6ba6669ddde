using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orrery.EndToEnd.Tests.Support;

namespace Orrery.EndToEnd.Tests.Pipeline;

/// <summary>The read APIs the pipeline test checks through: Tempo, Prometheus, Loki and /metrics.</summary>
internal sealed partial class OrreryReads(OrreryEndpoints endpoints, DateTimeOffset since)
{
    public async Task<bool> TraceExistsAsync(string traceId)
    {
        using var response = await endpoints.GetAsync("/api/traces/" + traceId, accept: "application/protobuf");
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/traces/{traceId}: {(int)response.StatusCode}");
        return true;
    }

    /// <summary>An instant PromQL query: each series' labels (as asked by <paramref name="labels"/>) and value.</summary>
    public async Task<Dictionary<string, double>> QueryAsync(string promql, params string[] labels)
    {
        using var json = await JsonAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql));
        var result = new Dictionary<string, double>();
        foreach (var series in json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var metric = series.GetProperty("metric");
            var key = string.Join(" ", labels.Select(l => l + "=" + (metric.TryGetProperty(l, out var v) ? v.GetString() : "")));
            result[key] = double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
        }
        return result;
    }

    /// <summary>The trace ids of every exemplar of the series <paramref name="selector"/> selects.</summary>
    public async Task<List<string>> ExemplarTraceIdsAsync(string selector)
    {
        using var json = await JsonAsync("/api/v1/query_exemplars?query=" + Uri.EscapeDataString(selector)
            + "&start=" + since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)
            + "&end=" + DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        return json.RootElement.GetProperty("data").EnumerateArray()
            .SelectMany(s => s.GetProperty("exemplars").EnumerateArray())
            .Select(e => e.GetProperty("labels").GetProperty("trace_id").GetString()!)
            .ToList();
    }

    /// <summary>Log lines of a LogQL query since the test started.</summary>
    public async Task<List<string>> LogLinesAsync(string logql)
    {
        using var json = await JsonAsync("/loki/api/v1/query_range?query=" + Uri.EscapeDataString(logql)
            + "&start=" + since.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "000000&limit=5000");
        var data = json.RootElement.GetProperty("data");
        Assert.Equal("streams", data.GetProperty("resultType").GetString());
        return data.GetProperty("result").EnumerateArray()
            .SelectMany(s => s.GetProperty("values").EnumerateArray())
            .Select(v => v[1].GetString()!)
            .ToList();
    }

    /// <summary>The tail sampler's <c>orrery_tail_sampling_traces{decision}</c> counters from /metrics.</summary>
    public async Task<(long Kept, long Dropped)> SamplerDecisionsAsync()
    {
        using var response = await endpoints.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"/metrics: {(int)response.StatusCode}");
        long kept = 0, dropped = 0;
        foreach (Match m in DecisionLine().Matches(text))
        {
            var value = (long)double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            if (m.Groups["labels"].Value.Contains("decision=\"kept\"", StringComparison.Ordinal)) kept += value;
            else if (m.Groups["labels"].Value.Contains("decision=\"dropped\"", StringComparison.Ordinal)) dropped += value;
        }
        return (kept, dropped);
    }

    [GeneratedRegex(@"^orrery_tail_sampling_traces(?:_total)?\{(?<labels>[^}]*)\} (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex DecisionLine();

    private async Task<JsonDocument> JsonAsync(string path)
    {
        using var response = await endpoints.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }
}
