using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Orrery.Ui.Tests.Browser;

/// <summary>The logs page in a real browser: lines, the volume by level, metadata and trace links.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LogsPageTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task The_seed_journey_from_an_exemplar_to_the_trace_to_the_log_line_that_explains_it()
    {
        var (page, problems) = await fixture.NewPageAsync();
        var query = "histogram_quantile(0.99, sum by (le) (rate(traces_spanmetrics_latency_bucket{service=\"payments\"}[1m])))";
        await page.GotoAsync("/explore?q=" + Uri.EscapeDataString(query));
        var exemplar = page.Locator($"svg.timeseries circle.exemplar.linked[data-trace-id='{fixture.Data.JourneyTraceId}']");
        await exemplar.First.DispatchEventAsync("click");
        await page.WaitForURLAsync($"**/trace/{fixture.Data.JourneyTraceId}**");
        await Assertions.Expect(page.Locator($".wf-row[data-span-id='{fixture.Data.SlowSpanId}']")).ToHaveClassAsync(new Regex(@"\bcritical\b"));

        await page.Locator(".trace-header a", new PageLocatorOptions { HasText = "Logs" }).First.ClickAsync();
        await page.WaitForURLAsync("**/logs?**");
        var line = page.Locator(".log-row", new PageLocatorOptions { HasText = Telemetry.SlowLog });
        await Assertions.Expect(line).ToBeVisibleAsync();
        await Assertions.Expect(line.Locator("a.trace-link")).ToHaveAttributeAsync("href", new Regex($"^/trace/{fixture.Data.JourneyTraceId}"));
        await BrowserFixture.ScreenshotAsync(page, "journey-logs");
        Assert.Empty(problems);
    }

    [BrowserFact]
    public async Task Lines_show_their_volume_by_level_their_metadata_and_markup_as_text()
    {
        var (page, problems) = await fixture.NewPageAsync();
        await page.GotoAsync("/logs?q=" + Uri.EscapeDataString("{service_name=\"payments\"}"));
        var slow = page.Locator(".log-row", new PageLocatorOptions { HasText = Telemetry.SlowLog });
        await Assertions.Expect(slow).ToBeVisibleAsync();
        await Assertions.Expect(slow).ToHaveAttributeAsync("data-level", "warn");
        // The markup line is text on screen, and nothing in it ran.
        await Assertions.Expect(page.Locator(".log-row .log-text", new PageLocatorOptions { HasText = "<script>" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("svg.volume-chart rect.volume-bar[data-level='warn']")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("svg.volume-chart rect.volume-bar[data-level='error']")).Not.ToHaveCountAsync(0);

        await slow.Locator(".log-text").ClickAsync();
        var details = slow.Locator(".log-details");
        await Assertions.Expect(details).ToBeVisibleAsync();
        await Assertions.Expect(details.Locator("td.k", new LocatorLocatorOptions { HasText = "span_id" })).ToHaveCountAsync(1);
        await Assertions.Expect(details.Locator("a", new LocatorLocatorOptions { HasText = fixture.Data.JourneyTraceId })).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "logs-metadata");
        Assert.Null(await page.EvaluateAsync<string?>("() => window.__xss ?? window.__alerted ?? null"));
        Assert.Empty(problems);
    }

    [BrowserFact]
    public async Task Label_names_and_values_are_suggested_in_the_selector()
    {
        var (page, problems) = await fixture.NewPageAsync();
        await page.GotoAsync("/logs");
        var input = page.Locator(".query-input");
        await input.FillAsync("");
        await input.PressSequentiallyAsync("{service_n");
        await Assertions.Expect(page.Locator(".suggestions li", new PageLocatorOptions { HasText = "service_name" })).ToBeVisibleAsync();
        await input.PressAsync("Tab");
        await input.PressSequentiallyAsync("=\"pa");
        await Assertions.Expect(page.Locator(".suggestions li", new PageLocatorOptions { HasText = "payments" })).ToBeVisibleAsync();
        await input.PressAsync("Tab");
        await Assertions.Expect(input).ToHaveValueAsync("{service_name=\"payments\"");
        Assert.Empty(problems);
    }
}
