using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Orrery.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Orrery.EndToEnd.Tests.PromQL;

/// <summary>
/// The same data remote-written into a real Prometheus 2.42 and into Orrery; every query of
/// <c>queries.txt</c> runs against both HTTP APIs, as instant queries at three times and as range
/// queries over two ranges, and the answers must agree (<see cref="AnswerComparer"/>). One
/// failure lists every differing query with its first difference.
/// </summary>
public sealed partial class PromQLDifferentialTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long Minute = 60_000;

    /// <summary>Instant query times: on the interval, off it, and past the data's end (lookback).</summary>
    private static readonly long[] InstantTimes =
    [
        PromQLDataSet.StartMs + (30 * Minute),
        PromQLDataSet.StartMs + (61 * Minute) + 7_500,
        PromQLDataSet.EndMs + (2 * Minute),
    ];

    /// <summary>Range queries: the whole data at 1 m, and an unaligned part at an odd step.</summary>
    private static readonly (long Start, long End, long Step)[] Ranges =
    [
        (PromQLDataSet.StartMs, PromQLDataSet.EndMs, Minute),
        (PromQLDataSet.StartMs + (17 * Minute) + 3_000, PromQLDataSet.StartMs + (65 * Minute), 37_000),
    ];

    private InProcessOrrery _orrery = null!;
    private PrometheusProcess _prometheus = null!;
    private int _evaluations;
    private int _withData;
    private int _errors;

    public async Task InitializeAsync()
    {
        _orrery = await InProcessOrrery.StartAsync();
        _prometheus = await PrometheusProcess.StartAsync(FreePorts.Take(1)[0], "global:\n  scrape_interval: 15s\nscrape_configs: []\n", "--web.enable-remote-write-receiver");
        var data = PromQLDataSet.Generate();
        await RemoteWriter.WriteAsync(_prometheus.Client, new Uri(_prometheus.Url, "/api/v1/write"), data);
        await RemoteWriter.WriteAsync(_orrery.Endpoints.Client, new Uri(Base(_orrery), "/api/v1/write"), data);
    }

    public async Task DisposeAsync()
    {
        await _prometheus.DisposeAsync();
        await _orrery.DisposeAsync();
    }

    [Fact]
    public async Task Orrery_answers_every_query_as_prometheus_does()
    {
        var queries = ReadQueries();
        Assert.True(queries.Count >= 300, $"only {queries.Count} queries");
        var failures = new List<string>();
        var known = new List<string>();
        var passed = 0;
        foreach (var query in queries)
        {
            var difference = await FirstDifferenceAsync(query);
            if (difference is null)
            {
                passed++;
                continue;
            }
            var line = $"{query}\n    {difference}";
            if (KnownDifferences.Reasons.TryGetValue(query, out var reason)) known.Add($"{line}\n    known: {reason}");
            else failures.Add(line);
        }
        var summary = $"{passed} of {queries.Count} queries agree with Prometheus 2.42 ({100.0 * passed / queries.Count:0.0}%); {failures.Count} differ, {known.Count} known differences; "
            + $"{_evaluations} evaluations compared, Prometheus answered {_withData} with data, {_errors} with an error";
        var report = new StringBuilder(summary).AppendLine();
        foreach (var line in failures) report.AppendLine(line);
        if (known.Count > 0) report.AppendLine("known differences:");
        foreach (var line in known) report.AppendLine(line);
        var reportPath = Path.Combine(Path.GetTempPath(), "orrery-promql-differential.txt");
        await File.WriteAllTextAsync(reportPath, report.ToString());
        output.WriteLine(summary + " (report: " + reportPath + ")");
        Assert.True(failures.Count == 0, report.ToString());
        // Agreement on empty answers proves nothing: most evaluations must have returned data.
        Assert.True(_withData > _evaluations * 0.7, summary);
    }

    /// <summary>Null when every evaluation of <paramref name="query"/> agrees, else the first that does not.</summary>
    private async Task<string?> FirstDifferenceAsync(string query)
    {
        var ordered = IsOrdered(query);
        foreach (var time in InstantTimes)
        {
            var parameters = $"query={Uri.EscapeDataString(query)}&time={Seconds(time)}";
            var difference = await CompareAsync("/api/v1/query?" + parameters, ordered);
            if (difference is not null) return $"instant at {Seconds(time)}: {difference}";
        }
        foreach (var (start, end, step) in Ranges)
        {
            var parameters = $"query={Uri.EscapeDataString(query)}&start={Seconds(start)}&end={Seconds(end)}&step={Seconds(step)}";
            var difference = await CompareAsync("/api/v1/query_range?" + parameters, ordered: false);
            if (difference is not null) return $"range {Seconds(start)}..{Seconds(end)} step {Seconds(step)}: {difference}";
        }
        return null;
    }

    private async Task<string?> CompareAsync(string pathAndQuery, bool ordered)
    {
        var prometheus = await GetAsync(_prometheus.Client, new Uri(_prometheus.Url, pathAndQuery));
        var orrery = await GetAsync(_orrery.Endpoints.Client, new Uri(Base(_orrery), pathAndQuery));
        _evaluations++;
        if (prometheus.IsError) _errors++;
        else if (prometheus.Series.Any(s => s.Points.Count > 0)) _withData++;
        var difference = AnswerComparer.FirstDifference(prometheus, orrery, ordered);
        return difference is null ? null : Shorten(difference);
    }

    private static async Task<QueryAnswer> GetAsync(HttpClient client, Uri uri)
    {
        try
        {
            using var response = await client.GetAsync(uri);
            return QueryAnswer.Parse(response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new QueryAnswer((int)HttpStatusCode.ServiceUnavailable, "no_answer", e.Message, null, [], null);
        }
    }

    /// <summary>
    /// PromQL defines the order of an instant vector only for sort() and sort_desc(), and topk()
    /// and bottomk() without grouping (which Prometheus answers best first); otherwise series are
    /// compared as sets.
    /// </summary>
    private static bool IsOrdered(string query) => OrderedQuery().IsMatch(query);

    [GeneratedRegex(@"^\s*(sort|sort_desc|topk|bottomk)\s*\(")]
    private static partial Regex OrderedQuery();

    private static List<string> ReadQueries([CallerFilePath] string sourceFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(sourceFile)!, "queries.txt");
        return File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
    }

    private static Uri Base(InProcessOrrery orrery) => orrery.Endpoints.Http;

    private static string Seconds(long milliseconds) => (milliseconds / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length > 400 ? text[..400] + "…" : text;
}
