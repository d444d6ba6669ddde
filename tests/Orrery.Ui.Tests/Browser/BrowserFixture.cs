using Microsoft.Playwright;

namespace Orrery.Ui.Tests.Browser;

/// <summary>One Orrery with the test telemetry loaded, and one headless Chromium, shared by the browser tests.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    internal UiOrrery Orrery { get; private set; } = null!;
    internal LoadedTelemetry Data { get; private set; } = null!;
    internal IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots land beside the test assembly (git-ignored bin/…/screenshots).</summary>
    internal static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        // Skipped tests never reach here with chromium absent; under CI a missing browser fails here.
        if (!File.Exists(BrowserFactAttribute.ChromiumPath) && !BrowserFactAttribute.IsCi) return;
        Orrery = await UiOrrery.StartAsync();
        Data = await Telemetry.LoadAsync(Orrery);
        // A generous bound for every expectation: the machine running CI may be loaded.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A fresh page that records whether any script ran alert() or set window.__xss, and any page errors.</summary>
    internal async Task<(IPage Page, List<string> Problems)> NewPageAsync()
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 }, BaseURL = Orrery.Http.ToString() });
        var problems = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            lock (problems) problems.Add($"dialog: {dialog.Message}");
            _ = dialog.DismissAsync();
        };
        page.PageError += (_, error) =>
        {
            lock (problems) problems.Add($"page error: {error}");
        };
        await page.AddInitScriptAsync("window.alert = (m) => { window.__alerted = String(m); };");
        page.SetDefaultTimeout(30_000);
        return (page, problems);
    }

    internal static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = false });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Orrery is not null) await Orrery.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
