using System.CommandLine;
using Orrery.Configuration;
using Orrery.Pipeline.Components;
using Orrery.Pipeline.Configuration;
using YamlDotNet.RepresentationModel;

namespace Orrery.Cli;

/// <summary>
/// <c>orrery config default</c> prints the built-in pipeline configuration; <c>orrery validate
/// --config FILE</c> checks a config file (flat settings and pipeline sections) without starting:
/// exit 0 when it would start, 2 with the line and the reason when not.
/// </summary>
internal static class PipelineCommands
{
    private static readonly string[] PipelineSections = ["receivers", "processors", "exporters", "connectors", "service"];

    public static void AddTo(RootCommand root, TextWriter output, TextWriter error)
    {
        var config = new Command("config", "Pipeline configuration helpers.");
        var printDefault = new Command("default", "Print the built-in pipeline configuration (OpenTelemetry Collector shape) as YAML.");
        printDefault.SetAction(async (_, _) =>
        {
            await output.WriteAsync(DefaultPipelineConfig.Yaml).ConfigureAwait(false);
            return 0;
        });
        config.Add(printDefault);
        root.Add(config);

        var file = new Option<string>("--" + SettingNames.Config)
        {
            HelpName = "FILE",
            Description = "The config file to check",
            Required = true,
        };
        var validate = new Command("validate", "Check a config file without starting: exit 0 when valid, 2 with the line and the reason.");
        validate.Add(file);
        validate.SetAction(async (parse, _) => await ValidateAsync(parse.GetValue(file)!, output, error).ConfigureAwait(false));
        root.Add(validate);
    }

    public static async Task<int> ValidateAsync(string path, TextWriter output, TextWriter error)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"orrery: cannot read config file '{path}': {e.Message}").ConfigureAwait(false);
            return OrreryCommandLine.UsageError;
        }
        try
        {
            ConfigFile.Parse(text, path);
            if (HasPipelineSections(text))
            {
                PipelineConfig.Parse(text).Validate();
                await output.WriteLineAsync($"{path}: valid").ConfigureAwait(false);
            }
            else
            {
                PipelineConfig.Default().Validate();
                await output.WriteLineAsync($"{path}: valid (no pipeline sections: the built-in pipeline applies, see 'orrery config default')").ConfigureAwait(false);
            }
            return 0;
        }
        catch (PipelineConfigException e)
        {
            await error.WriteLineAsync($"orrery: {path}: {e.Message}").ConfigureAwait(false);
            return OrreryCommandLine.UsageError;
        }
        catch (SettingsException e)
        {
            await error.WriteLineAsync("orrery: " + e.Message).ConfigureAwait(false);
            return OrreryCommandLine.UsageError;
        }
    }

    private static bool HasPipelineSections(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count > 0
            && stream.Documents[0].RootNode is YamlMappingNode root
            && root.Children.Keys.OfType<YamlScalarNode>().Any(k => PipelineSections.Contains(k.Value));
    }
}
