using System.Diagnostics;

namespace Orrery.UiBench;

/// <summary>`orrery serve` as a child process on fixed loopback ports; stopped with SIGTERM.</summary>
internal sealed class OrreryProcess : IAsyncDisposable
{
    private readonly Process _process;

    private OrreryProcess(Process process, Uri http, TimeSpan ready)
    {
        _process = process;
        Http = http;
        Ready = ready;
    }

    public Uri Http { get; }

    /// <summary>From process start to the first 200 from /ready.</summary>
    public TimeSpan Ready { get; }

    public static async Task<OrreryProcess> StartAsync(string orreryDll, string dataDirectory, string logFile)
    {
        var http = new Uri("http://127.0.0.1:13400");
        var start = new ProcessStartInfo("dotnet",
            [orreryDll, "serve", "--data", dataDirectory, "--http", "127.0.0.1:13400", "--otlp-grpc", "127.0.0.1:14427",
             "--otlp-http", "127.0.0.1:14428", "--retention", "30d", "--log-format", "text"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start)!;
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (process.HasExited) throw new InvalidOperationException($"orrery exited with {process.ExitCode}; see {logFile}");
            try
            {
                using var response = await client.GetAsync(new Uri(http, "/ready"));
                if (response.IsSuccessStatusCode) return new OrreryProcess(process, http, clock.Elapsed);
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(50);
        }
        process.Kill();
        throw new TimeoutException($"orrery did not become ready; see {logFile}");
    }

    public double CpuSeconds()
    {
        _process.Refresh();
        return _process.TotalProcessorTime.TotalSeconds;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process.HasExited) return;
        Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }
        _process.Dispose();
    }
}
