using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text;
using Orrery.Configuration;
using Orrery.Demo;
using Orrery.Demo.Incidents;
using Orrery.Hosting;

namespace Orrery.Cli;

/// <summary>
/// <c>orrery demo</c>: Orrery with embedded storage plus a live mesh of instrumented services.
/// Same flags as <c>serve</c>; the data directory is a fresh temporary one (deleted on exit)
/// unless <c>--data</c> is given, so the demo never writes into a real data directory named by
/// ORRERY_DATA or a config file.
/// </summary>
internal static class DemoCommand
{
    public static void AddTo(RootCommand root, Func<string, string?> environment, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(root);
        var command = new Command("demo", "Run Orrery with a live mesh of services on loopback sending it traces, metrics and logs; open the printed URL.");
        var options = new ServeOptions();
        options.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(options.Collect(parse), environment, output, error, ct));
        root.Add(command);
    }

    private static async Task<int> RunAsync(Dictionary<string, string> flags, Func<string, string?> environment, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string? temporary = null;
        if (!flags.ContainsKey(SettingNames.Data))
        {
            temporary = Directory.CreateTempSubdirectory("orrery-demo-").FullName;
            flags[SettingNames.Data] = temporary;
        }
        try
        {
            ServeSettings settings;
            try
            {
                settings = ServeSettingsResolver.Resolve(flags, environment);
            }
            catch (SettingsException e)
            {
                await error.WriteLineAsync("orrery: " + e.Message).ConfigureAwait(false);
                return OrreryCommandLine.UsageError;
            }
            return await RunAsync(settings, temporary is not null, output, error, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (temporary is not null) TryDelete(temporary, error);
        }
    }

    private static async Task<int> RunAsync(ServeSettings settings, bool temporary, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The server's host stops its listeners on SIGINT/SIGTERM only for `serve`; the demo must
        // also stop the mesh first (so its last spans reach the server), so it listens itself.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, stop));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, stop));

        OrreryServer server;
        try
        {
            server = await OrreryServer.StartAsync(settings, handleSignals: true, cancellationToken).ConfigureAwait(false);
        }
        catch (StartupException e)
        {
            await error.WriteLineAsync("orrery: " + e.Message).ConfigureAwait(false);
            return OrreryServer.StartupFailed;
        }
        await using (server.ConfigureAwait(false))
        {
            var meshOptions = new DemoMeshOptions(Loopback(settings.OtlpGrpc), Loopback(settings.OtlpHttp));
            var mesh = await DemoMesh.StartAsync(meshOptions, stop.Token).ConfigureAwait(false);
            await using (mesh.ConfigureAwait(false))
            {
                await output.WriteAsync(Banner(settings, mesh, meshOptions.Incidents, temporary)).ConfigureAwait(false);
                await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C: the mesh stops and flushes first, then the server drains and closes its stores.
                }
                await output.WriteLineAsync("orrery demo: stopping the mesh and flushing its telemetry…").ConfigureAwait(false);
            }
        }
        return 0;
    }

    /// <summary>What is printed once everything runs: the URL to open, then what is running where.</summary>
    internal static string Banner(ServeSettings settings, RunningMesh mesh, IncidentSchedule incidents, bool temporaryData)
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine($"  Orrery demo is running. Open {Loopback(settings.Http)}");
        text.AppendLine();
        text.AppendLine($"  data       {Path.GetFullPath(settings.DataDirectory)}{(temporaryData ? "  (temporary, deleted on exit)" : "")}");
        text.AppendLine($"  otlp-grpc  {settings.OtlpGrpc}");
        text.AppendLine($"  otlp-http  {settings.OtlpHttp}");
        text.AppendLine();
        text.AppendLine("  Services on loopback, each with its own OpenTelemetry SDK exporting to Orrery:");
        foreach (var service in mesh.Services)
            text.AppendLine($"    {service.Name,-13} {service.Region,-8} {service.InstanceId,-12} {service.Address.ToString().TrimEnd('/'),-24} otlp {service.Protocol}");
        text.AppendLine();
        text.AppendLine("  Traffic: peers connecting (UDP hole punch, SSH tunnel, relay), 48-chunk uploads replicated");
        text.AppendLine("  across regions through a queue, object reads with a few 500s.");
        text.AppendLine($"  Incidents, every {incidents.Cycle.TotalMinutes:0.#} minutes:");
        foreach (var w in incidents.Windows)
            text.AppendLine($"    {w.Kind,-16} from {w.Start:m\\:ss} to {w.End:m\\:ss} ({string.Join(", then ", w.Regions)})");
        text.AppendLine();
        text.AppendLine("  Press Ctrl-C to stop.");
        return text.ToString();
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
    {
        context.Cancel = true;
        try
        {
            stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already stopped.
        }
    }

    /// <summary>Where a client on this machine reaches a listener: a wildcard host means loopback.</summary>
    internal static Uri Loopback(ListenAddress address)
    {
        var host = address.Host switch
        {
            "" or "*" or "0.0.0.0" => "127.0.0.1",
            "::" => "[::1]",
            var h when h.Contains(':') => $"[{h}]",
            var h => h,
        };
        return new Uri($"http://{host}:{address.Port}");
    }

    private static void TryDelete(string directory, TextWriter error)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"orrery: could not delete the demo's data directory {directory}: {e.Message}");
        }
    }
}
