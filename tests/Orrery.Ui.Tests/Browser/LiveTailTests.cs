using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Orrery.Ui.Tests.Browser;

/// <summary>
/// Live tail on the logs page against a multi-tenant Orrery: the page's tenant (the URL's org)
/// reaches the tail's WebSocket, lines pushed over Loki's push API for that tenant appear, and
/// another tenant's lines do not.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveTailTests(BrowserFixture fixture)
{
    private const string Tenant = "acme";

    [BrowserFact]
    public async Task Lines_pushed_for_the_pages_tenant_appear_in_live_tail_and_other_tenants_lines_do_not()
    {
        await using var orrery = await UiOrrery.StartAsync(multiTenant: true);
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = orrery.Http.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var problems = new List<string>();
        page.PageError += (_, error) =>
        {
            lock (problems) problems.Add(error);
        };
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync($"/logs?org={Tenant}&q=" + Uri.EscapeDataString("{service_name=\"tailed\"}"));
        await Assertions.Expect(page.Locator("#logs-status")).ToHaveTextAsync("0 lines");
        await page.Locator("#live-tail").ClickAsync();
        await Assertions.Expect(page.Locator("#logs-status")).ToHaveTextAsync("Live: waiting for lines…");
        Assert.Contains("live=1", page.Url, StringComparison.Ordinal);

        await PushAsync(orrery, "other", "a line of another tenant");
        await PushAsync(orrery, Tenant, "first tailed line");
        await PushAsync(orrery, Tenant, "second tailed line <script>window.__xss=1</script>");

        await Assertions.Expect(page.Locator(".log-row .log-text", new PageLocatorOptions { HasText = "first tailed line" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".log-row .log-text", new PageLocatorOptions { HasText = "second tailed line <script>" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#logs-status")).ToHaveTextAsync("Live: 2 new lines");
        await Assertions.Expect(page.Locator(".log-row", new PageLocatorOptions { HasText = "another tenant" })).ToHaveCountAsync(0);
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__xss ?? null"));
        await BrowserFixture.ScreenshotAsync(page, "logs-live");

        await page.Locator("#live-tail").ClickAsync();
        Assert.DoesNotContain("live=1", page.Url, StringComparison.Ordinal);
        Assert.Empty(problems);
        await page.CloseAsync();
    }

    private static async Task PushAsync(UiOrrery orrery, string tenant, string line)
    {
        var nanos = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        var body = JsonSerializer.Serialize(new
        {
            streams = new[] { new { stream = new Dictionary<string, string> { ["service_name"] = "tailed" }, values = new[] { new[] { nanos.ToString(CultureInfo.InvariantCulture), line } } } },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(orrery.Http, "/loki/api/v1/push")) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Scope-OrgID", tenant);
        using var response = await orrery.Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"push for {tenant}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
