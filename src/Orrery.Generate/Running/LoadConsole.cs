using System.Globalization;

namespace Orrery.Generate.Running;

/// <summary>
/// Runs a <see cref="LoadRunner"/> with a live progress line and prints the summary. On a
/// terminal the line is rewritten in place every second (<c>\r</c>); into a pipe or file a line
/// is printed every 10 s instead, so logs stay readable.
/// </summary>
public static class LoadConsole
{
    private static readonly TimeSpan TerminalInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PipeInterval = TimeSpan.FromSeconds(10);

    /// <param name="items">What an item is, plural ("spans", "samples", "lines").</param>
    public static async Task<GenerateReport> RunAsync(
        LoadRunner runner, Func<int, IPayloadSource> createSource, string items, TextWriter output, bool interactive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(output);
        using var stopProgress = new CancellationTokenSource();
        var run = runner.RunAsync(createSource, cancellationToken);
        var progress = PrintProgressAsync(runner, items, output, interactive, stopProgress.Token);
        GenerateReport report;
        try
        {
            report = await run.ConfigureAwait(false);
        }
        finally
        {
            await stopProgress.CancelAsync().ConfigureAwait(false);
            await progress.ConfigureAwait(false);
        }
        if (interactive) await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync(Summary(report, items)).ConfigureAwait(false);
        foreach (var (message, count) in runner.Errors.MostFrequent(5))
        {
            await output.WriteLineAsync($"  {count.ToString(CultureInfo.InvariantCulture)} × {message}").ConfigureAwait(false);
        }
        return report;
    }

    /// <summary>The final line, stable for scripts: <c>sent N acknowledged N refused N lost N retried N in 1.23s: 456.7 spans/s</c>.</summary>
    public static string Summary(GenerateReport report, string items)
    {
        ArgumentNullException.ThrowIfNull(report);
        return string.Create(CultureInfo.InvariantCulture,
            $"sent {report.Sent} acknowledged {report.Acknowledged} refused {report.Refused} lost {report.Lost} retried {report.Retried} in {report.Elapsed.TotalSeconds:0.00}s: {report.AchievedRate:0.0} {items}/s");
    }

    private static async Task PrintProgressAsync(LoadRunner runner, string items, TextWriter output, bool interactive, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interactive ? TerminalInterval : PipeInterval);
        long lastAcknowledged = 0;
        var lastElapsed = TimeSpan.Zero;
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                var c = runner.Counters;
                var elapsed = runner.Elapsed;
                var acknowledged = c.Acknowledged;
                var rate = (acknowledged - lastAcknowledged) / Math.Max(1e-9, (elapsed - lastElapsed).TotalSeconds);
                (lastAcknowledged, lastElapsed) = (acknowledged, elapsed);
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"{elapsed.TotalSeconds,7:0.0}s  sent {c.Sent,12:N0}  acked {acknowledged,12:N0}  refused {c.Refused:N0}  retried {c.Retried:N0}  {rate,10:N0} {items}/s");
                if (interactive) await output.WriteAsync("\r" + line).ConfigureAwait(false);
                else await output.WriteLineAsync(line).ConfigureAwait(false);
                await output.FlushAsync(stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }
}
