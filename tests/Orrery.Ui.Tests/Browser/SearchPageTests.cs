using Microsoft.Playwright;

namespace Orrery.Ui.Tests.Browser;

/// <summary>The trace search page in a real browser: the form writes TraceQL, results plot and list, a point opens its trace.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SearchPageTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task The_form_writes_traceql_and_the_slow_trace_point_opens_it()
    {
        var (page, problems) = await fixture.NewPageAsync();
        await page.GotoAsync("/search");
        await page.Locator(".search-form input[name='service']").FillAsync("payments");
        await page.Locator(".search-form input[name='min duration']").FillAsync("500ms");
        await page.Locator("#form-search").ClickAsync();
        await Assertions.Expect(page.Locator(".query-input")).ToHaveValueAsync("{ resource.service.name = \"payments\" && duration >= 500ms }");
        await Assertions.Expect(page.Locator(".result-row")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($".result-row[data-trace-id='{fixture.Data.JourneyTraceId}']")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "search-results");

        await page.Locator($"svg.scatter circle.trace-point[data-trace-id='{fixture.Data.JourneyTraceId}']").DispatchEventAsync("click");
        await page.WaitForURLAsync($"**/trace/{fixture.Data.JourneyTraceId}**");
        await Assertions.Expect(page.Locator($".wf-row[data-span-id='{fixture.Data.SlowSpanId}']")).ToBeVisibleAsync();
        Assert.Empty(problems);
    }

    [BrowserFact]
    public async Task All_traces_plot_as_points_and_tags_are_suggested()
    {
        var (page, problems) = await fixture.NewPageAsync();
        await page.GotoAsync("/search?q=" + Uri.EscapeDataString("{ resource.service.name = \"frontend\" }"));
        await Assertions.Expect(page.Locator("svg.scatter circle.trace-point")).Not.ToHaveCountAsync(0);
        var input = page.Locator(".query-input");
        await input.FillAsync("");
        await input.PressSequentiallyAsync("{ resource.service.n");
        await Assertions.Expect(page.Locator(".suggestions li", new PageLocatorOptions { HasText = "resource.service.name" })).ToBeVisibleAsync();
        await input.PressAsync("Tab");
        await input.PressSequentiallyAsync(" = \"pay");
        await Assertions.Expect(page.Locator(".suggestions li", new PageLocatorOptions { HasText = "payments" })).ToBeVisibleAsync();
        Assert.Empty(problems);
    }
}
