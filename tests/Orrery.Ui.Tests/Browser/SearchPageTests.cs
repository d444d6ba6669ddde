using System.Text.RegularExpressions;
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

    [BrowserFact]
    public async Task Dragging_a_box_around_the_slow_trace_compares_it_with_the_rest_and_the_url_keeps_it()
    {
        var (page, problems) = await fixture.NewPageAsync();
        await page.GotoAsync("/search?q=" + Uri.EscapeDataString("{ resource.service.name = \"payments\" }"));
        var plot = page.Locator("svg.scatter");
        await Assertions.Expect(plot.Locator("circle.trace-point")).ToHaveCountAsync(9);
        var box = (await plot.BoundingBoxAsync())!;
        // From the top left of the plot area to half way down its right side: the top half of the
        // duration axis (the 910 ms checkout; the others take about 20 ms) over the whole time range.
        await page.Mouse.MoveAsync(box.X + 66, box.Y + 11);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + 60, new MouseMoveOptions { Steps = 5 });
        await page.Mouse.MoveAsync(box.X + box.Width - 13, box.Y + 100, new MouseMoveOptions { Steps = 5 });
        await page.Mouse.UpAsync();

        // The page writes the selection into the URL once it has handled the drag's end.
        await page.WaitForURLAsync(new Regex(@"[?&]sel="));
        var url = Uri.UnescapeDataString(page.Url);
        Assert.True(Regex.IsMatch(url, @"[?&]sel=\d+,\d+,[\d.]+,[\d.]+(&|$)"), url);
        await Assertions.Expect(plot.Locator("circle.trace-point.selected")).ToHaveCountAsync(1);
        await Assertions.Expect(plot.Locator($"circle.trace-point.selected[data-trace-id='{fixture.Data.JourneyTraceId}']")).ToHaveCountAsync(1);
        await AssertComparisonAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "search-compare");

        // The selection is in the URL: a reload compares again.
        await page.ReloadAsync();
        await AssertComparisonAsync(page);
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__xss ?? null"));

        // "their critical path" aggregates the selected traces only.
        await page.Locator("#compare-critical-path").ClickAsync();
        await page.WaitForURLAsync("**/critical-path?**");
        await Assertions.Expect(page.Locator("#cp-status")).ToContainTextAsync("1 trace,");
        await Assertions.Expect(page.Locator(".cp-row").First).ToHaveAttributeAsync("data-name", "SELECT carts");
        await page.GoBackAsync();
        await page.Locator("#compare-clear").ClickAsync();
        await Assertions.Expect(page.Locator("#compare")).ToBeHiddenAsync();
        Assert.DoesNotContain("sel=", page.Url, StringComparison.Ordinal);
        Assert.Empty(problems);
    }

    /// <summary>
    /// The slow checkout's two payments spans against the other eight checkouts' sixteen: half the
    /// selected spans failed (the database call), none of the baseline's; the markup attribute the
    /// slow one carries is only on selected spans, and shows as text.
    /// </summary>
    private static async Task AssertComparisonAsync(IPage page)
    {
        var status = page.Locator(".compare-attribute[data-attribute='status'] .compare-value[data-value='error']");
        await Assertions.Expect(status.Locator(".share-selection")).ToHaveTextAsync("50%");
        await Assertions.Expect(status.Locator(".share-baseline")).ToHaveTextAsync("0%");
        await Assertions.Expect(page.Locator(".compare-attribute").First).ToHaveAttributeAsync("data-attribute", new Regex("^(status|statusMessage|span\\.note|span\\.<script>.*)$"));
        await Assertions.Expect(page.Locator(".compare-attribute-name .mono", new PageLocatorOptions { HasText = "span." + Telemetry.Markup })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#compare-summary")).ToContainTextAsync("lasting");
    }
}
