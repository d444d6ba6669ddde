using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Orrery.Ui.Tests.Browser;

/// <summary>
/// The overview's error ratios and the aggregated critical path page in a real browser: from a
/// service's "time spent" to the operations its traces wait on, to example traces, and back from
/// the search results.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CriticalPathPageTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task The_overview_counts_a_services_first_errors_and_shows_failed_outgoing_calls_apart()
    {
        var (page, problems) = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        // inventory answered 4 requests and failed 1; its series were all born in the range.
        var inventory = page.Locator(".service-row[data-service='inventory']");
        await Assertions.Expect(inventory.Locator(".error-ratio")).ToHaveTextAsync("25%");
        await Assertions.Expect(inventory).ToHaveClassAsync(new Regex(@"\bbad\b"));
        // payments answered every request; its one failure was its call to the database.
        var payments = page.Locator(".service-row[data-service='payments']");
        await Assertions.Expect(payments.Locator(".error-ratio")).ToHaveTextAsync("0%");
        await Assertions.Expect(payments.Locator(".outgoing-errors")).ToHaveTextAsync("1 failed call out");
        // Worst first.
        await Assertions.Expect(page.Locator(".service-row").First).ToHaveAttributeAsync("data-service", "inventory");
        await BrowserFixture.ScreenshotAsync(page, "overview-errors");
        Assert.Empty(problems);
    }

    [BrowserFact]
    public async Task From_the_overview_a_services_time_spent_ranks_operations_by_critical_path_and_links_to_examples()
    {
        var (page, problems) = await fixture.NewPageAsync();
        await page.GotoAsync("/?from=now-3h&to=now");
        await page.Locator(".service-row[data-service='frontend'] a.critical-path-link").ClickAsync();
        await page.WaitForURLAsync("**/critical-path?**");
        Assert.Contains("from=now-3h", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Critical path");
        await Assertions.Expect(page.Locator(".query-input")).ToHaveValueAsync("{ resource.service.name = \"frontend\" }");

        // The checkouts wait mostly on the database call (900 ms in the slow one).
        var top = page.Locator(".cp-row").First;
        await Assertions.Expect(top).ToHaveAttributeAsync("data-service", "payments");
        await Assertions.Expect(top).ToHaveAttributeAsync("data-name", "SELECT carts");
        var share = await top.Locator(".cp-share").TextContentAsync();
        Assert.True(int.Parse(share!.TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture) > 50, share);
        await Assertions.Expect(page.Locator("#cp-status")).ToContainTextAsync("9 traces");
        // The early render finishes before the payment call: never waited on.
        await Assertions.Expect(page.Locator(".cp-row[data-name='render cart']")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "critical-path-frontend");

        await top.Locator("a.cp-examples").ClickAsync();
        await page.WaitForURLAsync("**/search?**");
        await Assertions.Expect(page.Locator(".query-input")).ToHaveValueAsync(
            "{ resource.service.name = \"frontend\" } && { resource.service.name = \"payments\" && name = \"SELECT carts\" }");
        await Assertions.Expect(page.Locator($".result-row[data-trace-id='{fixture.Data.JourneyTraceId}']")).ToHaveCountAsync(1);

        // And from the search results to the critical path of exactly those traces.
        await page.Locator("#search-critical-path").ClickAsync();
        await page.WaitForURLAsync("**/critical-path?**");
        await Assertions.Expect(page.Locator(".cp-row").First).ToHaveAttributeAsync("data-name", "SELECT carts");
        Assert.Empty(problems);
    }

    [BrowserFact]
    public async Task A_filter_typed_on_the_page_is_aggregated_and_kept_in_the_url()
    {
        var (page, problems) = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("#nav a", new PageLocatorOptions { HasText = "Critical path" }).ClickAsync();
        await page.WaitForURLAsync("**/critical-path");
        var input = page.Locator(".query-input");
        await input.FillAsync("{ resource.service.name = \"inventory\" }");
        await page.Locator("#cp-limit").FillAsync("50");
        await page.Locator("#run-critical-path").ClickAsync();
        await Assertions.Expect(page.Locator(".cp-row")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".cp-row").First).ToHaveAttributeAsync("data-name", "GET /stock");
        await Assertions.Expect(page.Locator(".cp-row .cp-share")).ToHaveTextAsync("100%");
        await Assertions.Expect(page.Locator("#cp-status")).ToContainTextAsync($"{Telemetry.StockRequests} traces");
        Assert.Contains("limit=50", page.Url, StringComparison.Ordinal);

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".query-input")).ToHaveValueAsync("{ resource.service.name = \"inventory\" }");
        await Assertions.Expect(page.Locator("#cp-limit")).ToHaveValueAsync("50");
        await Assertions.Expect(page.Locator(".cp-row")).ToHaveCountAsync(1);
        Assert.Empty(problems);
    }
}
