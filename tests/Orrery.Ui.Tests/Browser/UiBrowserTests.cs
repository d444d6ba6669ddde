using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Orrery.Ui.Tests.Browser;

/// <summary>
/// The UI in a real browser (Debian's Chromium, headless) against a real Orrery loaded through the
/// OpenTelemetry .NET SDK. Waits are Playwright's (up to 30 s); no assertion is on a time.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class UiBrowserTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task From_the_overview_a_click_on_a_service_and_a_trace_opens_its_waterfall_with_the_critical_path_and_logs()
    {
        var (page, problems) = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        var payments = page.Locator(".service-row[data-service='payments']");
        await Assertions.Expect(payments).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".service-row[data-service='frontend']")).ToBeVisibleAsync();
        // Rate and p99 are numbers, not dashes: the span metrics reached the overview.
        await Assertions.Expect(payments.Locator("td").Nth(1)).ToHaveTextAsync(new Regex(@"\d"));
        await Assertions.Expect(payments.Locator("td").Nth(4)).ToHaveTextAsync(new Regex(@"\d"));
        await Assertions.Expect(payments.Locator("svg.sparkline polyline")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "overview");

        await page.Locator(".service-name[data-service='frontend']").ClickAsync();
        Assert.Contains("service=frontend", page.Url, StringComparison.Ordinal);
        var traceLink = page.Locator($".trace-link:text('{fixture.Data.JourneyTraceId}')");
        await traceLink.ClickAsync();
        await page.WaitForURLAsync($"**/trace/{fixture.Data.JourneyTraceId}**");

        var slowRow = page.Locator($".wf-row[data-span-id='{fixture.Data.SlowSpanId}']");
        await Assertions.Expect(slowRow).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".wf-row")).ToHaveCountAsync(5);
        // The slow database call is on the critical path, the early render is not.
        await Assertions.Expect(slowRow).ToHaveClassAsync(new Regex(@"\bcritical\b"));
        await Assertions.Expect(slowRow).ToHaveClassAsync(new Regex(@"\berror\b"));
        await Assertions.Expect(slowRow.Locator(".wf-crit")).ToHaveCountAsync(1);
        var renderRow = page.Locator(".wf-row", new PageLocatorOptions { HasText = "render cart" });
        await Assertions.Expect(renderRow).Not.ToHaveClassAsync(new Regex(@"\bcritical\b"));

        // The logs panel shows the line written inside the slow span, linked to it.
        var logLine = page.Locator(".logs-panel .log-line", new PageLocatorOptions { HasText = Telemetry.SlowLog });
        await Assertions.Expect(logLine).ToBeVisibleAsync();
        await logLine.Locator(".span-link").ClickAsync();
        await Assertions.Expect(slowRow).ToHaveClassAsync(new Regex(@"\bselected\b"));
        await Assertions.Expect(page.Locator(".details-panel h3").First).ToHaveTextAsync("SELECT carts");
        Assert.Contains($"span={fixture.Data.SlowSpanId}", page.Url, StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "trace");
        Assert.Empty(problems);
    }

    [BrowserFact]
    public async Task A_reload_restores_the_view_from_the_url()
    {
        var (page, problems) = await fixture.NewPageAsync();
        await page.GotoAsync($"/trace/{fixture.Data.JourneyTraceId}?span={fixture.Data.SlowSpanId}&find=carts&from=now-3h&to=now");
        await Assertions.Expect(page.Locator(".details-panel h3").First).ToHaveTextAsync("SELECT carts");
        await Assertions.Expect(page.Locator(".wf-row.match")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#find")).ToHaveValueAsync("carts");
        await Assertions.Expect(page.Locator("#time-range")).ToHaveValueAsync("now-3h");

        // Collapse the root: one row left; the reload keeps it collapsed.
        await page.Locator(".wf-row").First.Locator("[data-toggle]").ClickAsync();
        await Assertions.Expect(page.Locator(".wf-row")).ToHaveCountAsync(1);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".wf-row")).ToHaveCountAsync(1);
        Assert.Empty(problems);
    }

    [BrowserFact]
    public async Task Flame_graph_statistics_and_compare_views_render()
    {
        var (page, problems) = await fixture.NewPageAsync();
        await page.GotoAsync($"/trace/{fixture.Data.JourneyTraceId}?view=flame");
        await Assertions.Expect(page.Locator(".flame canvas")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "trace-flame");

        await page.Locator(".tabs button[data-view='stats']").ClickAsync();
        var services = page.Locator(".stats-table").First;
        await Assertions.Expect(services).ToContainTextAsync("payments");
        await Assertions.Expect(services).ToContainTextAsync("frontend");
        Assert.Contains("view=stats", page.Url, StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "trace-stats");

        await page.GotoAsync($"/trace/{fixture.Data.JourneyTraceId}?view=compare&compare={fixture.Data.FastTraceId}");
        var changes = page.Locator(".diff table").First;
        await Assertions.Expect(changes).ToContainTextAsync("SELECT carts");
        await Assertions.Expect(page.Locator(".diff")).ToContainTextAsync("Only in A (0)");
        await BrowserFixture.ScreenshotAsync(page, "trace-compare");
        Assert.Empty(problems);
    }

    [BrowserFact]
    public async Task A_ten_thousand_span_trace_renders_only_the_visible_rows_and_scrolling_brings_new_ones()
    {
        var (page, problems) = await fixture.NewPageAsync();
        await page.GotoAsync($"/trace/{fixture.Data.BigTraceId}");
        await Assertions.Expect(page.Locator(".trace-header")).ToContainTextAsync($"{Telemetry.BigTraceSpans} spans");
        await Assertions.Expect(page.Locator(".wf-row").First).ToBeVisibleAsync();
        var rendered = await page.Locator(".wf-row").CountAsync();
        Assert.InRange(rendered, 10, 200);
        // Not asserted (no timed assertions): the figure goes to bench/ by hand from this file.
        var marks = await page.EvaluateAsync<string>("() => performance.getEntriesByType('mark').filter(m => m.name.startsWith('orrery:')).map(m => `${m.name}=${Math.round(m.startTime)}ms`).join(' ')");
        await File.AppendAllTextAsync(Path.Combine(BrowserFixture.ScreenshotDirectory, "timings.txt"), $"{DateTime.UtcNow:O} 10k-span trace, after navigation start: {marks}\n");
        await BrowserFixture.ScreenshotAsync(page, "trace-10k");

        // Scroll to the end: the last rows of the depth-first order appear, the first ones go.
        await page.Locator(".waterfall").EvaluateAsync("el => { el.scrollTop = el.scrollHeight; }");
        await Assertions.Expect(page.Locator(".wf-row[data-index]").Last).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.wf-row').length > 0 && !document.querySelector('.wf-row[style*=\"top: 0px\"]')");
        Assert.InRange(await page.Locator(".wf-row").CountAsync(), 10, 200);
        Assert.Empty(problems);
    }

    [BrowserFact]
    public async Task Markup_in_attributes_and_log_lines_is_shown_as_text_and_never_runs()
    {
        var (page, problems) = await fixture.NewPageAsync();
        await page.GotoAsync($"/trace/{fixture.Data.JourneyTraceId}?span={fixture.Data.EvilSpanId}");
        var details = page.Locator(".details-panel");
        await Assertions.Expect(details).ToContainTextAsync(Telemetry.Markup);
        await Assertions.Expect(details).ToContainTextAsync("<b>bold</b> & \"quoted\"");
        var logs = page.Locator(".logs-panel");
        await Assertions.Expect(logs).ToContainTextAsync(Telemetry.Markup);
        // Nothing was parsed as markup: no injected elements, no script ran.
        Assert.Equal(0, await page.Locator(".details-panel img, .details-panel script, .details-panel b, .logs-panel img, .logs-panel script").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__xss ?? null"));
        Assert.Null(await page.EvaluateAsync<string?>("() => window.__alerted ?? null"));
        await BrowserFixture.ScreenshotAsync(page, "trace-markup");
        Assert.Empty(problems);
    }

    [BrowserFact]
    public async Task Every_page_of_the_shell_opens_and_the_navigation_keeps_the_time_range()
    {
        var (page, problems) = await fixture.NewPageAsync();
        await page.GotoAsync("/?from=now-6h&to=now");
        foreach (var (title, path) in new[] { ("Search", "search"), ("Critical path", "critical-path"), ("Service map", "map"), ("Logs", "logs"), ("Metrics", "explore") })
        {
            await page.Locator("#nav a", new PageLocatorOptions { HasText = title }).ClickAsync();
            await page.WaitForURLAsync($"**/{path}?from=now-6h&to=now");
            await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(title);
            await BrowserFixture.ScreenshotAsync(page, path);
        }
        await page.GoBackAsync();
        await page.WaitForURLAsync("**/logs?**");
        Assert.Empty(problems);
    }
}
