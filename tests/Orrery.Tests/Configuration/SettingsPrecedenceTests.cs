using Orrery.Cli;
using Orrery.Configuration;
using Orrery.Storage.Wal;

namespace Orrery.Tests.Configuration;

public class SettingsPrecedenceTests
{
    private static ServeSettings Resolve(string[] args, Dictionary<string, string>? environment = null, string? configYaml = null)
    {
        var options = new ServeOptions();
        var command = new System.CommandLine.RootCommand();
        options.AddTo(command);
        var parse = command.Parse(args);
        Assert.Empty(parse.Errors);
        environment ??= [];
        return ServeSettingsResolver.Resolve(
            options.Collect(parse),
            name => environment.GetValueOrDefault(name),
            path => ConfigFile.Parse(configYaml ?? throw new InvalidOperationException("no config expected"), path));
    }

    [Fact]
    public void Defaults_bind_to_loopback()
    {
        var settings = Resolve([]);

        Assert.Equal("./data", settings.DataDirectory);
        Assert.Equal(new ListenAddress("127.0.0.1", 3200), settings.Http);
        Assert.Equal(new ListenAddress("127.0.0.1", 4317), settings.OtlpGrpc);
        Assert.Equal(new ListenAddress("127.0.0.1", 4318), settings.OtlpHttp);
        Assert.Equal(16L * 1024 * 1024, settings.MaxRequestBytes);
        Assert.False(settings.MultiTenant);
        Assert.Null(settings.Retention);
        Assert.Null(settings.WalFsync);
        Assert.Equal(LogFormat.Json, settings.LogFormat);
    }

    [Fact]
    public void Flag_beats_environment_beats_config_file_beats_default()
    {
        const string yaml = """
            data: /from/file
            http: 0.0.0.0:9000
            otlp-grpc: 127.0.0.1:5000
            retention: 7d
            """;
        var environment = new Dictionary<string, string>
        {
            ["ORRERY_CONFIG"] = "orrery.yaml",
            ["ORRERY_DATA"] = "/from/env",
            ["ORRERY_HTTP"] = "127.0.0.1:9100",
        };

        var settings = Resolve(["--data", "/from/flag"], environment, yaml);

        Assert.Equal("/from/flag", settings.DataDirectory);
        Assert.Equal(new ListenAddress("127.0.0.1", 9100), settings.Http);
        Assert.Equal(new ListenAddress("127.0.0.1", 5000), settings.OtlpGrpc);
        Assert.Equal(TimeSpan.FromDays(7), settings.Retention);
        Assert.Equal(new ListenAddress("127.0.0.1", 4318), settings.OtlpHttp);
    }

    [Fact]
    public void Every_setting_has_a_flag()
    {
        var settings = Resolve(
        [
            "--data", "d", "--http", ":1", "--otlp-grpc", "[::1]:2", "--otlp-http", "localhost:3", "--retention", "336h",
            "--multi-tenant", "--max-request-bytes", "1MiB", "--wal-fsync", "always", "--log-format", "text",
        ]);

        Assert.Equal(new ListenAddress("", 1), settings.Http);
        Assert.Equal(new ListenAddress("::1", 2), settings.OtlpGrpc);
        Assert.Equal(new ListenAddress("localhost", 3), settings.OtlpHttp);
        Assert.Equal(TimeSpan.FromDays(14), settings.Retention);
        Assert.True(settings.MultiTenant);
        Assert.Equal(1L << 20, settings.MaxRequestBytes);
        Assert.Equal(WalSyncMode.Always, settings.WalFsync);
        Assert.Equal(LogFormat.Text, settings.LogFormat);
    }

    [Fact]
    public void Environment_variables_use_the_flag_names()
    {
        var settings = Resolve([], new Dictionary<string, string>
        {
            ["ORRERY_MULTI_TENANT"] = "true",
            ["ORRERY_MAX_REQUEST_BYTES"] = "4096",
            ["ORRERY_WAL_FSYNC"] = "none",
            ["ORRERY_OTLP_GRPC"] = "0.0.0.0:14317",
        });

        Assert.True(settings.MultiTenant);
        Assert.Equal(4096, settings.MaxRequestBytes);
        Assert.Equal(WalSyncMode.None, settings.WalFsync);
        Assert.Equal(new ListenAddress("0.0.0.0", 14317), settings.OtlpGrpc);
    }

    [Theory]
    [InlineData("--http", "3200", "--http")]
    [InlineData("--http", "127.0.0.1:99999", "--http")]
    [InlineData("--otlp-grpc", "example.com:4317", "--otlp-grpc")]
    [InlineData("--retention", "forever", "--retention")]
    [InlineData("--retention", "0s", "--retention")]
    [InlineData("--max-request-bytes", "16XB", "--max-request-bytes")]
    [InlineData("--wal-fsync", "sometimes", "--wal-fsync")]
    [InlineData("--log-format", "xml", "--log-format")]
    public void Bad_values_name_the_setting(string flag, string value, string expectedInMessage)
    {
        var error = Assert.Throws<SettingsException>(() => Resolve([flag, value]));

        Assert.Contains(expectedInMessage, error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_environment_values_name_the_variable()
    {
        var error = Assert.Throws<SettingsException>(() => Resolve([], new Dictionary<string, string> { ["ORRERY_MULTI_TENANT"] = "maybe" }));

        Assert.Contains("ORRERY_MULTI_TENANT", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("colour: blue", "unknown setting 'colour'")]
    [InlineData("http: [a, b]", "single value")]
    [InlineData("- just\n- a list", "mapping")]
    [InlineData("data: [unclosed", "not valid YAML")]
    public void Config_file_mistakes_are_errors(string yaml, string expected)
    {
        var error = Assert.Throws<SettingsException>(() => ConfigFile.Parse(yaml, "orrery.yaml"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_settings_exit_with_a_usage_error_and_do_not_serve()
    {
        var served = false;
        var error = new StringWriter();
        var root = OrreryCommandLine.Create((_, _) => { served = true; return Task.FromResult(0); }, _ => null, error);

        var exitCode = await root.Parse(["serve", "--http", "nonsense"]).InvokeAsync();

        Assert.Equal(OrreryCommandLine.UsageError, exitCode);
        Assert.False(served);
        Assert.Contains("--http", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("serve")]
    [InlineData("--data x")]
    public async Task Serve_is_the_default_command(string commandLine)
    {
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        ServeSettings? served = null;
        var root = OrreryCommandLine.Create((s, _) => { served = s; return Task.FromResult(0); }, _ => null, TextWriter.Null);

        var exitCode = await root.Parse(args).InvokeAsync();

        Assert.Equal(0, exitCode);
        Assert.NotNull(served);
    }

    [Fact]
    public async Task Unknown_flags_fail()
    {
        var root = OrreryCommandLine.Create((_, _) => Task.FromResult(0), _ => null, TextWriter.Null);
        var config = new System.CommandLine.InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null };

        var exitCode = await root.Parse(["--no-such-flag"]).InvokeAsync(config);

        Assert.NotEqual(0, exitCode);
    }
}
