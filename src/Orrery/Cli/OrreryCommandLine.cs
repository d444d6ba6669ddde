using System.CommandLine;
using Orrery.Configuration;

namespace Orrery.Cli;

/// <summary>
/// The command line: <c>orrery [serve] [flags]</c>. <c>serve</c> is also the root command's
/// action, so plain <c>orrery</c> serves. <c>--version</c> and <c>--help</c> come with the root.
/// </summary>
internal static class OrreryCommandLine
{
    /// <summary>Exit code for invalid settings, as for other usage errors.</summary>
    public const int UsageError = 2;

    public static RootCommand Create(
        Func<ServeSettings, CancellationToken, Task<int>> serve,
        Func<string, string?> environment,
        TextWriter error,
        TextWriter? output = null)
    {
        var root = new RootCommand("Orrery: OpenTelemetry traces in, durable storage, Tempo-compatible API out.");
        var rootOptions = new ServeOptions();
        rootOptions.AddTo(root);
        root.SetAction((parse, ct) => Serve(parse, rootOptions, serve, environment, error, ct));

        var serveCommand = new Command("serve", "Receive OTLP, store traces and serve the query APIs (the default command).");
        var serveOptions = new ServeOptions();
        serveOptions.AddTo(serveCommand);
        serveCommand.SetAction((parse, ct) => Serve(parse, serveOptions, serve, environment, error, ct));
        root.Add(serveCommand);
        PipelineCommands.AddTo(root, output ?? Console.Out, error);
        DemoCommand.AddTo(root, environment, output ?? Console.Out, error);
        GenCommands.AddTo(root, output ?? Console.Out, error);
        return root;
    }

    /// <summary>Parses the command line and the environment into settings (what a test checks).</summary>
    public static ServeSettings ResolveSettings(ParseResult parse, ServeOptions options, Func<string, string?> environment) =>
        ServeSettingsResolver.Resolve(options.Collect(parse), environment);

    private static async Task<int> Serve(
        ParseResult parse,
        ServeOptions options,
        Func<ServeSettings, CancellationToken, Task<int>> serve,
        Func<string, string?> environment,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        ServeSettings settings;
        try
        {
            settings = ResolveSettings(parse, options, environment);
        }
        catch (SettingsException e)
        {
            await error.WriteLineAsync("orrery: " + e.Message).ConfigureAwait(false);
            return UsageError;
        }
        return await serve(settings, cancellationToken).ConfigureAwait(false);
    }
}
