using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Orrery.Query.Tests.PromQL.Functions;

/// <summary>
/// Prometheus 2.42's own PromQL evaluation through <c>promtool test rules</c> (Debian package
/// <c>prometheus</c>): every expression is given an expected value it cannot have, and the
/// "got" line of the failure report is Prometheus's answer.
/// </summary>
internal static partial class Promtool
{
    public static string Executable => File.Exists("/usr/bin/promtool")
        ? "/usr/bin/promtool"
        : throw new InvalidOperationException("promtool is not installed: ./test.sh installs the Debian package 'prometheus'");

    /// <summary>One expression evaluated at a whole second; the answer is null when Prometheus returned nothing.</summary>
    public sealed record Case(string Expr, long EvalSeconds)
    {
        public double? Answer { get; set; }
    }

    /// <summary>Loads <paramref name="series"/> (promtool notation, one sample per <paramref name="intervalSeconds"/>) and answers every case with a single-sample result.</summary>
    public static void Answer(IReadOnlyList<(string Series, string Values)> series, int intervalSeconds, IReadOnlyList<Case> cases)
    {
        var directory = Directory.CreateTempSubdirectory("orrery-promtool-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "rules.yml"), "groups: []\n");
            var yaml = new StringBuilder()
                .Append("rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n")
                .Append(CultureInfo.InvariantCulture, $"  - interval: {intervalSeconds}s\n    input_series:\n");
            foreach (var (name, values) in series)
                yaml.Append(CultureInfo.InvariantCulture, $"      - series: '{name}'\n        values: '{values}'\n");
            yaml.Append("    promql_expr_test:\n");
            foreach (var c in cases)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"      - expr: '{c.Expr.Replace("'", "''", StringComparison.Ordinal)}'\n")
                    .Append(CultureInfo.InvariantCulture, $"        eval_time: {c.EvalSeconds}s\n")
                    .Append("        exp_samples: [{labels: '{never=\"matches\"}', value: 0}]\n");
            }
            File.WriteAllText(Path.Combine(directory.FullName, "test.yml"), yaml.ToString());

            var start = new ProcessStartInfo(Executable, ["test", "rules", "test.yml"])
            {
                WorkingDirectory = directory.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd() + stderr.Result;
            process.WaitForExit();

            var answers = new Dictionary<(string, string), string>();
            foreach (Match m in FailureLine().Matches(output))
                answers[(m.Groups[1].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal), m.Groups[2].Value)] = m.Groups[3].Value.Trim();
            foreach (var c in cases)
            {
                if (!answers.TryGetValue((c.Expr, PromDuration(c.EvalSeconds)), out var got))
                    throw new InvalidOperationException($"promtool gave no answer for {c.Expr} at {c.EvalSeconds}s:\n{output[..Math.Min(2000, output.Length)]}");
                c.Answer = got == "nil" ? null : ParseGoFloat(SingleValue().Match(got).Groups[1].Value);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>As Prometheus prints durations: "0s", "2m30s", "5m".</summary>
    private static string PromDuration(long seconds)
    {
        if (seconds == 0) return "0s";
        var sb = new StringBuilder();
        if (seconds >= 3600) sb.Append(seconds / 3600).Append('h');
        if (seconds % 3600 >= 60) sb.Append(seconds % 3600 / 60).Append('m');
        if (seconds % 60 != 0) sb.Append(seconds % 60).Append('s');
        return sb.ToString();
    }

    private static double ParseGoFloat(string text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"expr: ""(.*?)"", time: (\S+),\n\s+exp: .*\n\s+got: (.*)\n")]
    private static partial Regex FailureLine();

    [GeneratedRegex(@"^\{.*\} (\S+)$")]
    private static partial Regex SingleValue();
}
