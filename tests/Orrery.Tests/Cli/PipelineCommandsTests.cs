using Orrery.Cli;
using Orrery.Pipeline.Configuration;

namespace Orrery.Tests.Cli;

public sealed class PipelineCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("orrery-validate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Config_default_prints_the_built_in_pipeline_which_validates()
    {
        var output = new StringWriter();
        var printed = await Run(["config", "default"], output, new StringWriter());
        var file = Write(output.ToString());

        var validated = await Run(["validate", "--config", file], new StringWriter(), new StringWriter());

        Assert.Equal(0, printed);
        Assert.Equal(DefaultPipelineConfig.Yaml, output.ToString());
        Assert.Equal(0, validated);
    }

    [Theory]
    [InlineData("data: ./d\nreceivers:\n  otlp:\nexporters:\n  orrery:\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      processors: [filter]\n      exporters: [orrery]\n", "line 10: pipeline 'traces': processor 'filter' is not configured")]
    [InlineData("dat: ./d\n", "unknown setting 'dat'")]
    public async Task Validate_exits_2_with_the_line_and_the_reason(string yaml, string reason)
    {
        var error = new StringWriter();

        var exit = await Run(["validate", "--config", Write(yaml)], new StringWriter(), error);

        Assert.Equal(OrreryCommandLine.UsageError, exit);
        Assert.Contains(reason, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_with_only_flat_settings_is_valid_and_uses_the_built_in_pipeline()
    {
        var output = new StringWriter();

        var exit = await Run(["validate", "--config", Write("data: ./d\n")], output, new StringWriter());

        Assert.Equal(0, exit);
        Assert.Contains("built-in pipeline", output.ToString(), StringComparison.Ordinal);
    }

    private string Write(string yaml)
    {
        var path = Path.Combine(_dir, Guid.NewGuid() + ".yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static Task<int> Run(string[] args, TextWriter output, TextWriter error) =>
        OrreryCommandLine.Create((_, _) => Task.FromResult(99), _ => null, error, output).Parse(args).InvokeAsync();
}
