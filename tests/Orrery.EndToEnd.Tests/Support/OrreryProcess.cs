using System.Diagnostics;
using System.Text;

namespace Orrery.EndToEnd.Tests.Support;

/// <summary>The built <c>orrery</c> run as a child process (<c>dotnet orrery.dll ...</c>), as users run it.</summary>
internal sealed class OrreryProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private OrreryProcess(Process process) => _process = process;

    /// <summary>stdout and stderr so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The process id, to send it signals.</summary>
    public int Id => _process.Id;

    public static string OrreryDll
    {
        get
        {
            // The project reference copies orrery.dll and its runtimeconfig next to the tests.
            var path = Path.Combine(AppContext.BaseDirectory, "orrery.dll");
            Assert.True(File.Exists(path) && File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")), $"orrery.dll not found at {path}");
            return path;
        }
    }

    public static OrreryProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(OrreryDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start orrery");
        var orrery = new OrreryProcess(process);
        process.OutputDataReceived += (_, e) => orrery.Append(e.Data);
        process.ErrorDataReceived += (_, e) => orrery.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return orrery;
    }

    public static OrreryProcess Serve(string dataDirectory, OrreryEndpoints endpoints, params string[] extra) => Start(
    [
        "serve", "--data", dataDirectory, "--log-format", "text",
        "--http", $"127.0.0.1:{endpoints.HttpPort}",
        "--otlp-grpc", $"127.0.0.1:{endpoints.GrpcPort}",
        "--otlp-http", $"127.0.0.1:{endpoints.OtlpHttpPort}",
        .. extra,
    ]);

    /// <summary>SIGKILL: no chance to flush anything.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as a service manager stops it; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
