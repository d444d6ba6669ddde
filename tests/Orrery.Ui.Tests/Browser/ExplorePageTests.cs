using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Orrery.Ui.Tests.Browser;

/// <summary>
/// The metrics page in a real browser: a PromQL chart of the span metrics' latency histogram with
/// its exemplars as points; the slow checkout's exemplar opens its trace.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ExplorePageTests(BrowserFixture fixture)
{
    private const string PaymentsLatency = "traces_spanmetrics_latency_bucket{service=\"payments\"}";

    [BrowserFact]
    public async Task The_latency_chart_draws_exemplars_and_the_slow_one_opens_its_trace_with_the_slow_span_on_the_critical_path()
    {
        var (page, problems) = await fixture.NewPageAsync();
        var query = $"histogram_quantile(0.99, sum by (le) (rate({PaymentsLatency}[1m])))";
        await page.GotoAsync("/explore?q=" + Uri.EscapeDataString(query));
        await Assertions.Expect(page.Locator("svg.timeseries path.series-line")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".chart-legend .legend-item")).Not.ToHaveCountAsync(0);

        var exemplar = page.Locator($"svg.timeseries circle.exemplar.linked[data-trace-id='{fixture.Data.JourneyTraceId}']");
        await Assertions.Expect(exemplar.First).ToBeAttachedAsync();
        await BrowserFixture.ScreenshotAsync(page, "explore-exemplars");

        await exemplar.First.DispatchEventAsync("click");
        await page.WaitForURLAsync($"**/trace/{fixture.Data.JourneyTraceId}**");
        var slowRow = page.Locator($".wf-row[data-span-id='{fixture.Data.SlowSpanId}']");
        await Assertions.Expect(slowRow).ToHaveClassAsync(new Regex(@"\bcritical\b"));
        Assert.Empty(problems);
    }

    [BrowserFact]
    public async Task Metric_names_and_label_values_are_suggested_and_two_queries_chart_together()
    {
        var (page, problems) = await fixture.NewPageAsync();
        await page.GotoAsync("/explore");
        var input = page.Locator(".query-input").First;
        await input.ClickAsync();
        await input.PressSequentiallyAsync("traces_spanmetrics_ca");
        var suggestion = page.Locator(".suggestions li", new PageLocatorOptions { HasText = "traces_spanmetrics_calls_total" });
        await Assertions.Expect(suggestion).ToBeVisibleAsync();
        await input.PressAsync("Tab");
        await Assertions.Expect(input).ToHaveValueAsync("traces_spanmetrics_calls_total");

        await input.PressSequentiallyAsync("{service=\"pay");
        await Assertions.Expect(page.Locator(".suggestions li", new PageLocatorOptions { HasText = "payments" })).ToBeVisibleAsync();
        await input.PressAsync("Tab");
        await Assertions.Expect(input).ToHaveValueAsync("traces_spanmetrics_calls_total{service=\"payments\"");
        await input.PressSequentiallyAsync("}");
        await input.PressAsync("Enter");
        Assert.Contains("q=traces_spanmetrics_calls_total", Uri.UnescapeDataString(page.Url), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("svg.timeseries path.series-line")).Not.ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "+ Query" }).ClickAsync();
        var second = page.Locator(".query-input").Nth(1);
        await second.FillAsync("sum(traces_spanmetrics_calls_total)");
        await second.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".chart-legend .legend-item", new PageLocatorOptions { HasText = "{}" })).ToHaveCountAsync(1);
        Assert.Contains("q1=", page.Url, StringComparison.Ordinal);

        // A reload keeps both queries.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".query-input")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".query-input").Nth(1)).ToHaveValueAsync("sum(traces_spanmetrics_calls_total)");
        await BrowserFixture.ScreenshotAsync(page, "explore-two-queries");
        Assert.Empty(problems);
    }
}
