namespace Orrery.Ui.Tests.Browser;

/// <summary>
/// A browser test: skipped, with the reason, only when Debian's Chromium is absent on a developer
/// machine. Under CI (CI=true) it always runs, so a missing browser fails loudly there.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(ChromiumPath) && !IsCi)
            Skip = $"browser tests need Chromium at {ChromiumPath} (apt-get install chromium; ./test.sh installs it)";
    }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
