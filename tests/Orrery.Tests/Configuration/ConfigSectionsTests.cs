using Orrery.Configuration;

namespace Orrery.Tests.Configuration;

public class ConfigSectionsTests
{
    private const string Yaml = """
        data: /var/lib/orrery
        metrics-ooo-window: 30m
        global:
          scrape_interval: 15s
        scrape_configs:
          - job_name: node
            static_configs:
              - targets: ["127.0.0.1:9100"]
        """;

    [Fact]
    public void Flat_settings_skip_the_sections_and_keep_the_rest()
    {
        var settings = ConfigFile.Parse(Yaml, "orrery.yaml");

        Assert.Equal("/var/lib/orrery", settings[SettingNames.Data]);
        Assert.Equal("30m", settings[SettingNames.MetricsOooWindow]);
        Assert.False(settings.ContainsKey("scrape_configs"));
        Assert.False(settings.ContainsKey("global"));
    }

    [Fact]
    public void Sections_come_back_as_yaml_without_the_flat_settings()
    {
        var sections = ConfigFile.Sections(Yaml, "orrery.yaml", SettingNames.ScrapeSectionKeys);

        Assert.NotNull(sections);
        Assert.Contains("scrape_configs:", sections, StringComparison.Ordinal);
        Assert.Contains("job_name: node", sections, StringComparison.Ordinal);
        Assert.Contains("scrape_interval: 15s", sections, StringComparison.Ordinal);
        Assert.DoesNotContain("/var/lib/orrery", sections, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_sections_has_none()
    {
        Assert.Null(ConfigFile.Sections("data: ./d\n", "orrery.yaml", SettingNames.ScrapeSectionKeys));
    }

    [Fact]
    public void The_ooo_window_is_resolved_from_the_file()
    {
        var settings = ServeSettingsResolver.Resolve(
            new Dictionary<string, string> { [SettingNames.Config] = "orrery.yaml" },
            _ => null,
            path => ConfigFile.Parse(Yaml, path));

        Assert.Equal(TimeSpan.FromMinutes(30), settings.MetricsOooWindow);
        Assert.Equal("orrery.yaml", settings.ConfigPath);
    }
}
