using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Orrery.UiBench;

// Usage: Orrery.UiBench [spans=10000000] [data directory=/tmp/orrery-ui-bench] [runs=3] [orrery.dll] [parts=abc]
// (a) the 10,000-span trace: navigation → first waterfall rows (the page's performance marks),
//     on a just-started server (cold, one navigation per server start) and on a warm one;
// (b) first contentful paint and time to the page's data (the last /api/ response) of every page;
// (c) the aggregated critical path over 500 traces, the endpoint alone and its page.
// Every figure is the median of RUNS; no assertions — this measures, the tests check behaviour.
var spans = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
var directory = args.Length > 1 ? args[1] : "/tmp/orrery-ui-bench";
var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
var orreryDll = args.Length > 3 ? args[3] : "src/Orrery/bin/Release/net10.0/orrery.dll";
var parts = args.Length > 4 ? args[4] : "abc";
var log = directory + ".log";

DataDirectory.Build(directory, spans);
var traceId = DataDirectory.BigTrace.ToHex();
Console.WriteLine($"{spans:N0} spans + one {DataDirectory.BigTraceSpans:N0}-span trace in {directory}; load average {Load()}");

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});

// (a) The 10,000-span trace.
if (parts.Contains('a', StringComparison.Ordinal)) await TraceRunsAsync(browser, orreryDll, directory, log, traceId, runs);
if (!parts.Contains('b', StringComparison.Ordinal) && !parts.Contains('c', StringComparison.Ordinal)) return;

static async Task TraceRunsAsync(IBrowser browser, string orreryDll, string directory, string log, string traceId, int runs)
{
    var cold = new List<Marks>();
    var warm = new List<Marks>();
    var readyTimes = new List<double>();
    for (var r = 0; r < runs; r++)
    {
        await using var server = await OrreryProcess.StartAsync(orreryDll, directory, log);
        readyTimes.Add(server.Ready.TotalMilliseconds);
        cold.Add(await TracePageAsync(browser, server.Http, traceId));
        for (var w = 0; w < runs; w++) warm.Add(await TracePageAsync(browser, server.Http, traceId));
    }
    Console.WriteLine($"\n(a) 10,000-span trace, navigation → rows shown (ms; median of {runs} cold, {runs * runs} warm; load average {Load()}); server ready after {Median(readyTimes):F0} ms");
    Console.WriteLine("| server | HTML in | trace request sent | modules in | response in | JSON parsed | model built | rows shown | trace requests |\n|---|---|---|---|---|---|---|---|---|");
    foreach (var (name, list) in new[] { ("cold (first request after start)", cold), ("warm", warm) })
    {
        Console.WriteLine($"| {name} | {Median(list.Select(m => m.HtmlIn)):F0} | {Median(list.Select(m => m.RequestSent)):F0} | {Median(list.Select(m => m.ModulesIn)):F0} | {Median(list.Select(m => m.ResponseIn)):F0} | "
            + $"{Median(list.Select(m => m.Fetched)):F0} | {Median(list.Select(m => m.Built)):F0} | **{Median(list.Select(m => m.Shown)):F0}** | {list.Max(m => m.TraceRequests)} |");
    }
    Console.WriteLine("shown, every run: cold " + string.Join(", ", cold.Select(m => m.Shown.ToString("F0", CultureInfo.InvariantCulture)))
        + "; warm " + string.Join(", ", warm.Select(m => m.Shown.ToString("F0", CultureInfo.InvariantCulture))));
}

await using (var server = await OrreryProcess.StartAsync(orreryDll, directory, log))
{
    using var client = new HttpClient { BaseAddress = server.Http, Timeout = TimeSpan.FromMinutes(5) };
    // The payloads the page used to fetch and the one it fetches now, warm, server side only.
    Console.WriteLine($"\nserver alone, warm (median of {runs} after one warm-up; load average {Load()})\n| request | bytes | wall ms | server CPU ms |\n|---|---|---|---|");
    foreach (var path in new[] { $"/api/traces/{traceId}", $"/api/ui/traces/{traceId}/analysis", $"/api/ui/traces/{traceId}" })
    {
        var (bytes, ms, cpuMs) = await TimeGetAsync(client, server, path, runs);
        Console.WriteLine($"| `{path.Replace(traceId, "{id}", StringComparison.Ordinal)}` | {bytes:N0} | {ms:F0} | {cpuMs:F0} |");
    }

    // (b) First paint of every page: the server is fresh, so each page's first run includes its endpoints' JIT.
    var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    string[] pages = ["/", "/search", "/explore", "/logs", "/map", $"/trace/{traceId}", "/critical-path"];
    Console.WriteLine($"\n(b) first paint with {spans:N0} spans stored (ms after navigation start; median of {runs}, the first on a fresh server; load average {Load()})");
    Console.WriteLine("| page | first contentful paint | page's data in (last /api/ response) | API requests |\n|---|---|---|---|");
    foreach (var page in pages)
    {
        var results = new List<PageTimes>();
        for (var r = 0; r < runs; r++) results.Add(await PageAsync(browser, new Uri(server.Http, page + "?from=now-1h&to=now")));
        var apis = results[^1].ApiRequests;
        Console.WriteLine($"| `{page.Replace(traceId, "{id}", StringComparison.Ordinal)}` | {Median(results.Select(p => p.Fcp)):F0} | {Median(results.Select(p => p.DataIn)):F0} | {apis} |");
    }

    // (c) The aggregated critical path over 500 traces of the last hour.
    var range = $"start={now - 3600}&end={now}";
    var criticalPath = $"/api/ui/critical-path?{range}&limit=500";
    var times = new List<double>();
    var cpu = new List<double>();
    var traces = 0;
    for (var r = 0; r < runs; r++)
    {
        var cpuBefore = server.CpuSeconds();
        var clock = Stopwatch.StartNew();
        var body = await client.GetStringAsync(criticalPath);
        times.Add(clock.Elapsed.TotalMilliseconds);
        cpu.Add((server.CpuSeconds() - cpuBefore) * 1000);
        using var json = JsonDocument.Parse(body);
        traces = json.RootElement.GetProperty("traceCount").GetInt32();
    }
    Console.WriteLine($"\n(c) aggregated critical path, `{criticalPath.Replace(range, "start=now-1h&end=now", StringComparison.Ordinal)}`: {traces} traces, "
        + $"median {Median(times):F0} ms wall (runs {string.Join(", ", times.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))}), server CPU {Median(cpu):F0} ms; load average {Load()}");
}
Console.WriteLine($"server log: {log}");

static async Task<Marks> TracePageAsync(IBrowser browser, Uri http, string traceId)
{
    await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
    var page = await context.NewPageAsync();
    // Requests the browser sent for the trace's data: 1 when the page's fetch is answered by the shell's preload.
    var traceRequests = 0;
    page.Request += (_, request) => { if (new Uri(request.Url).AbsolutePath.StartsWith("/api/ui/traces/", StringComparison.Ordinal)) Interlocked.Increment(ref traceRequests); };
    await page.GotoAsync(new Uri(http, $"/trace/{traceId}").ToString());
    await page.Locator(".wf-row").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
    await page.WaitForFunctionAsync("() => performance.getEntriesByName('orrery:trace-shown').length > 0");
    var marks = await page.EvaluateAsync<double[]>("""
        () => {
          const request = performance.getEntriesByType('resource').find(r => new URL(r.name).pathname.startsWith('/api/ui/traces/'));
          const modules = performance.getEntriesByType('resource').filter(r => new URL(r.name).pathname.startsWith('/ui/js/'));
          return [request?.requestStart ?? -1, request?.responseEnd ?? -1,
            ...['fetched', 'built', 'shown'].map(n => performance.getEntriesByName('orrery:trace-' + n)[0].startTime),
            performance.getEntriesByType('navigation')[0].responseEnd, modules.reduce((m, r) => Math.max(m, r.responseEnd), 0)];
        }
        """);
    return new Marks(marks[5], marks[0], marks[6], marks[1], marks[2], marks[3], marks[4], traceRequests);
}

static async Task<PageTimes> PageAsync(IBrowser browser, Uri url)
{
    await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
    var page = await context.NewPageAsync();
    await page.GotoAsync(url.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle, Timeout = 300_000 });
    var times = await page.EvaluateAsync<double[]>("""
        () => {
          const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1;
          const apis = performance.getEntriesByType('resource').filter(r => new URL(r.name).pathname.startsWith('/api/') || new URL(r.name).pathname.startsWith('/loki/'));
          return [fcp, apis.reduce((m, r) => Math.max(m, r.responseEnd), 0), apis.length];
        }
        """);
    return new PageTimes(times[0], times[1], (int)times[2]);
}

// Server CPU is the whole process's (GC and idle background work included), read around each request.
static async Task<(long Bytes, double Ms, double CpuMs)> TimeGetAsync(HttpClient client, OrreryProcess server, string path, int runs)
{
    long bytes = 0;
    var times = new List<double>();
    var cpu = new List<double>();
    for (var r = 0; r <= runs; r++)
    {
        var cpuBefore = server.CpuSeconds();
        var clock = Stopwatch.StartNew();
        var body = await client.GetByteArrayAsync(path);
        if (r > 0)
        {
            times.Add(clock.Elapsed.TotalMilliseconds);
            cpu.Add((server.CpuSeconds() - cpuBefore) * 1000);
        }
        bytes = body.Length;
    }
    return (bytes, Median(times), Median(cpu));
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
}

static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

/// <summary>
/// Milliseconds after navigation start: the shell HTML in, the trace request sent, the last module in,
/// the trace answered, its JSON parsed, the model built, rows in the DOM; and how many trace requests the page made.
/// </summary>
internal readonly record struct Marks(double HtmlIn, double RequestSent, double ModulesIn, double ResponseIn, double Fetched, double Built, double Shown, int TraceRequests);

internal readonly record struct PageTimes(double Fcp, double DataIn, int ApiRequests);
