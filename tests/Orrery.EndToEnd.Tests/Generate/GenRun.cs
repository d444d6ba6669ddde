using System.Globalization;
using System.Text.RegularExpressions;
using Orrery.Cli;

namespace Orrery.EndToEnd.Tests.Generate;

/// <summary>One <c>orrery gen …</c> run through the real command line, with the counts of its summary line.</summary>
internal sealed partial record GenRun(int ExitCode, long Sent, long Acknowledged, long Refused, long Lost, long Retried, string Output)
{
    public static async Task<GenRun> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await OrreryCommandLine.Create((_, _) => Task.FromResult(99), _ => null, error, output).Parse(args).InvokeAsync();
        var text = output + error.ToString();
        var summary = Summary().Match(text);
        Assert.True(summary.Success, $"no summary line in the output of 'orrery {string.Join(' ', args)}' (exit {exit}):\n{text}");
        long Count(string name) => long.Parse(summary.Groups[name].Value, CultureInfo.InvariantCulture);
        return new GenRun(exit, Count("sent"), Count("ack"), Count("refused"), Count("lost"), Count("retried"), text);
    }

    [GeneratedRegex(@"^sent (?<sent>\d+) acknowledged (?<ack>\d+) refused (?<refused>\d+) lost (?<lost>\d+) retried (?<retried>\d+) in ", RegexOptions.Multiline)]
    private static partial Regex Summary();
}
