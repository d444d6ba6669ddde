using Microsoft.Playwright;

namespace Orrery.Ui.Tests.Browser;

/// <summary>The service map in a real browser: the checkout's services and the call between them, with links.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MapPageTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task Services_and_calls_are_drawn_and_a_click_gives_their_traces_logs_and_metrics()
    {
        // The servicegraph connector flushes every 15 s (the fixture keeps its default): wait for the edge.
        await fixture.Orrery.WaitForAsync("/api/service-graph", b => b.Contains("\"target\":\"payments\"", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
        var (page, problems) = await fixture.NewPageAsync();
        await page.GotoAsync("/map");
        await Assertions.Expect(page.Locator(".map-node[data-service='frontend']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".map-node[data-service='payments']")).ToHaveCountAsync(1);
        var edge = page.Locator(".map-edge[data-source='frontend'][data-target='payments']");
        await Assertions.Expect(edge).ToHaveCountAsync(1);

        await page.Locator(".map-node[data-service='payments']").DispatchEventAsync("click");
        await Assertions.Expect(page.Locator(".map-detail h3")).ToHaveTextAsync("payments");
        await Assertions.Expect(page.Locator(".map-detail a", new PageLocatorOptions { HasText = "logs" })).ToHaveCountAsync(1);
        await edge.DispatchEventAsync("click");
        await Assertions.Expect(page.Locator(".map-detail h3")).ToHaveTextAsync("frontend → payments");
        await BrowserFixture.ScreenshotAsync(page, "map-selected");

        await page.Locator(".map-detail a", new PageLocatorOptions { HasText = "traces" }).ClickAsync();
        await page.WaitForURLAsync("**/search?**");
        await Assertions.Expect(page.Locator($".result-row[data-trace-id='{fixture.Data.JourneyTraceId}']")).ToHaveCountAsync(1);
        Assert.Empty(problems);
    }
}
