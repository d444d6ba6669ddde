using Microsoft.Playwright;

namespace Orrery.Ui.Tests.Browser;

/// <summary>
/// How the shell loads a page: only the modules it preloads, and the trace page's data from the
/// preload its HTML carries (Assets/UiPageShells.cs, Assets/TraceShell.cs).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PageLoadTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task The_trace_page_reads_its_trace_once_answered_by_the_preload_in_its_html()
    {
        var (page, problems) = await fixture.NewPageAsync();
        var path = $"/api/ui/traces/{fixture.Data.BigTraceId}";
        var requests = 0;
        page.Request += (_, request) =>
        {
            if (new Uri(request.Url).AbsolutePath == path) Interlocked.Increment(ref requests);
        };
        await page.GotoAsync($"/trace/{fixture.Data.BigTraceId}");
        Assert.Equal(1, await page.Locator($"link[rel=preload][as=fetch][href='{path}']").CountAsync());
        await Assertions.Expect(page.Locator(".trace-header")).ToContainTextAsync($"{Telemetry.BigTraceSpans} spans");
        await Assertions.Expect(page.Locator(".wf-row").First).ToBeVisibleAsync();
        // The page's own fetch was handed the preloaded response: Chromium sent one request, not two.
        Assert.Equal(1, Volatile.Read(ref requests));
        Assert.Empty(problems);
    }

    private static readonly string[] Pages = ["overview", "search", "critical-path", "trace", "map", "logs", "explore"];

    [BrowserFact]
    public async Task Every_module_a_page_runs_was_preloaded_by_its_shell_and_no_other_page_is()
    {
        foreach (var (path, pageName) in new[] { ("/", "overview"), ("/search", "search"), ("/critical-path", "critical-path"), ($"/trace/{fixture.Data.JourneyTraceId}", "trace"), ("/map", "map"), ("/logs", "logs"), ("/explore", "explore") })
        {
            var (page, problems) = await fixture.NewPageAsync();
            await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
            await Assertions.Expect(page.Locator($"#page[data-page='{pageName}']")).ToHaveCountAsync(1);
            var preloaded = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('link[rel=modulepreload]')].map(l => new URL(l.href).pathname)");
            var loaded = await page.EvaluateAsync<string[]>("() => performance.getEntriesByType('resource').map(r => new URL(r.name).pathname).filter(p => p.startsWith('/ui/js/'))");
            Assert.Contains($"/ui/js/pages/{pageName}.js", preloaded);
            // Every module the browser fetched (static imports and the router's import() of the page) was in the shell's list.
            Assert.Empty(loaded.Except(preloaded.Append("/ui/js/app.js")));
            Assert.Empty(Pages.Where(other => other != pageName).Select(other => $"/ui/js/pages/{other}.js").Intersect(preloaded));
            Assert.Empty(problems);
            await page.Context.CloseAsync();
        }
    }
}
