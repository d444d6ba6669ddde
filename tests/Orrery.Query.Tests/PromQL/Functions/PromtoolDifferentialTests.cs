using System.Globalization;
using Orrery.Query.PromQL.Engine;
using Orrery.Query.PromQL.Functions;

namespace Orrery.Query.Tests.PromQL.Functions;

/// <summary>
/// The functions against Prometheus 2.42 itself (through promtool) on generated data: counters
/// with resets and gaps, gauges, a flat series, random classic histograms (dips, duplicate
/// bounds, missing +Inf), calendar edges and rounding. Values must agree within 1e-9 relative.
/// </summary>
public class PromtoolDifferentialTests
{
    private const int Interval = 15;
    private const int Samples = 60;

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public void Range_functions_agree_with_prometheus()
    {
        var random = new Random(7);
        var series = new Dictionary<string, double?[]>
        {
            ["c1"] = Counter(random, resetChance: 0.05, gapChance: 0),
            ["c2"] = Counter(random, resetChance: 0.1, gapChance: 0.3),
            ["c3"] = Counter(random, resetChance: 0, gapChance: 0.6),
            ["g1"] = Gauge(random, gapChance: 0),
            ["g2"] = Gauge(random, gapChance: 0.4),
            ["g3"] = Enumerable.Repeat<double?>(5, Samples).ToArray(),
        };
        (string Name, double[] Args)[] functions =
        [
            ("rate", []), ("increase", []), ("delta", []), ("irate", []), ("idelta", []), ("deriv", []), ("resets", []), ("changes", []),
            ("avg_over_time", []), ("sum_over_time", []), ("min_over_time", []), ("max_over_time", []), ("count_over_time", []),
            ("stddev_over_time", []), ("stdvar_over_time", []), ("last_over_time", []), ("present_over_time", []),
            ("quantile_over_time", [0.3]), ("quantile_over_time", [0.95]), ("predict_linear", [300]), ("holt_winters", [0.3, 0.6]),
        ];
        // promtool leaves the last few samples of a test out of its storage: stay before them.
        long[] times = [150, 300, 437, 600, 840];
        var cases = new List<(Promtool.Case Case, string Function, double[] Args, string Series, long RangeSeconds)>();
        foreach (var (name, args) in functions)
        {
            foreach (var s in series.Keys)
            {
                foreach (var range in new long[] { 60, 120, 300 })
                {
                    var selector = $"{s}[{range / 60}m]";
                    var expr = name switch
                    {
                        "quantile_over_time" => $"{name}({Format(args[0])}, {selector})",
                        "predict_linear" => $"{name}({selector}, {Format(args[0])})",
                        "holt_winters" => $"{name}({selector}, {Format(args[0])}, {Format(args[1])})",
                        _ => $"{name}({selector})",
                    };
                    foreach (var t in times) cases.Add((new Promtool.Case(expr, t), name, args, s, range));
                }
            }
        }
        Promtool.Answer(
            series.Select(p => (p.Key, string.Join(' ', p.Value.Select(v => v is null ? "_" : Format(v.Value))))).ToList(),
            Interval, cases.Select(c => c.Case).ToList());

        var failures = new List<string>();
        foreach (var (c, name, args, s, range) in cases)
        {
            var t = c.EvalSeconds * 1000;
            // Prometheus 2.42's window includes both ends.
            var points = series[s].Select((v, i) => (v, T: i * Interval * 1000L))
                .Where(p => p.v is not null && p.T >= t - range * 1000 && p.T <= t)
                .Select(p => new FPoint(p.T, p.v!.Value)).ToArray();
            double[] scalars = name switch
            {
                "quantile_over_time" => [args[0], double.NaN],
                "predict_linear" => [double.NaN, args[0]],
                "holt_winters" => [double.NaN, args[0], args[1]],
                _ => [double.NaN],
            };
            Assert.True(FunctionImplementations.TryGetRange(name, out var fn));
            double? actual = null;
            if (points.Length > 0)
            {
                var window = new RangeWindow(points, [], t - range * 1000, t, scalars, t);
                if (fn(in window, out var value, out _)) actual = value;
            }
            Compare(c, actual, failures);
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} differ:\n" + string.Join('\n', failures.Take(40)));
    }

    [Fact]
    public void Instant_functions_agree_with_prometheus()
    {
        var random = new Random(11);
        var series = new List<(string, string)>();
        var cases = new List<(Promtool.Case Case, Func<List<Sample>> Evaluate)>();
        string[] bounds = ["0.005", "0.01", "0.05", "0.1", "0.5", "1", "2.5", "5", "10"];
        for (var k = 0; k < 80; k++)
        {
            var buckets = RandomBuckets(random, bounds);
            var name = $"h{k}_bucket";
            foreach (var (le, count) in buckets) series.Add(($"{name}{{le=\"{le}\"}}", Format(count)));
            foreach (var q in new[] { 0, 0.01, 0.25, 0.5, 0.9, 0.99, 1 })
            {
                var input = buckets.Select(b => FunctionKit.S(b.Count, ("__name__", name), ("le", b.Le))).ToList();
                cases.Add((new Promtool.Case($"histogram_quantile({Format(q)}, {name})", 0),
                    () => FunctionKit.Instant("histogram_quantile", input, scalars: [q, double.NaN])));
            }
        }
        double[] instants = [0, -1, 951782400, 951868800, 983404799, 978220800, -2206310400, 4102444800, 253402300799, 1709210096.7, -62135596800, 1e11, 86399.999];
        foreach (var x in instants)
        {
            foreach (var f in new[] { "day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year" })
                cases.Add((new Promtool.Case($"{f}(vector({Format(x)}))", 0), () => FunctionKit.Instant(f, [FunctionKit.S(x)])));
        }
        foreach (var x in new[] { 2.5, -2.5, 0.5, -0.5, 1.005, 123.456, -7.77, 1e15 + 0.5 })
        {
            foreach (var n in new[] { 1, 0.1, 0.01, 5, 0.3, -2 })
                cases.Add((new Promtool.Case($"round(vector({Format(x)}), {Format(n)})", 0), () => FunctionKit.Instant("round", [FunctionKit.S(x)], scalars: [double.NaN, n])));
        }
        Promtool.Answer(series, 60, cases.Select(c => c.Case).ToList());

        var failures = new List<string>();
        foreach (var (c, evaluate) in cases)
        {
            var output = evaluate();
            if (output.Count > 1)
            {
                failures.Add($"{c.Expr}: {output.Count} samples");
                continue;
            }
            Compare(c, output.Count == 0 ? null : output[0].F, failures);
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} differ:\n" + string.Join('\n', failures.Take(40)));
    }

    private static void Compare(Promtool.Case c, double? actual, List<string> failures)
    {
        var expected = c.Answer;
        if (expected is null || actual is null)
        {
            if (expected != actual) failures.Add($"{c.Expr} @{c.EvalSeconds}s: expected {expected?.ToString("R") ?? "nothing"}, got {actual?.ToString("R") ?? "nothing"}");
            return;
        }
        var e = expected.Value;
        var a = actual.Value;
        var same = double.IsNaN(e) ? double.IsNaN(a) : e == a || Math.Abs(e - a) <= 1e-9 * Math.Abs(e);
        if (!same) failures.Add($"{c.Expr} @{c.EvalSeconds}s: expected {e:R}, got {a:R}");
    }

    private static double?[] Counter(Random random, double resetChance, double gapChance)
    {
        var value = Math.Round(random.NextDouble() * 50, 3);
        var values = new double?[Samples];
        for (var i = 0; i < Samples; i++)
        {
            if (random.NextDouble() < gapChance) continue;
            if (random.NextDouble() < resetChance) value = Math.Round(random.NextDouble() * 5, 3);
            else if (random.Next(3) == 0) value = Math.Round(value + random.NextDouble() * 10, 3);
            values[i] = value;
        }
        return values;
    }

    private static double?[] Gauge(Random random, double gapChance)
    {
        var values = new double?[Samples];
        for (var i = 0; i < Samples; i++)
        {
            if (random.NextDouble() < gapChance) continue;
            var v = random.NextDouble() * 40 - 20;
            values[i] = random.Next(20) == 0 ? Math.Round(v) : Math.Round(v, 3);
        }
        return values;
    }

    /// <summary>Cumulative buckets on a random subset of bounds, sometimes with a dip, a duplicate bound or no +Inf.</summary>
    private static List<(string Le, double Count)> RandomBuckets(Random random, string[] bounds)
    {
        var chosen = bounds.Where(_ => random.Next(3) == 0).ToList();
        var buckets = new List<(string Le, double Count)>();
        double count = 0;
        foreach (var le in chosen)
        {
            if (random.Next(2) == 0) count += random.Next(21);
            buckets.Add((le, random.Next(7) == 0 ? Math.Max(0, count - 1 - random.Next(5)) : count));
        }
        if (buckets.Count > 0 && random.Next(10) == 0) buckets.Add((buckets[^1].Le + (buckets[^1].Le.Contains('.') ? "0" : ".0"), random.Next(4)));
        if (random.Next(10) != 0) buckets.Add(("+Inf", count + (random.Next(2) == 0 ? 0 : random.Next(11))));
        if (buckets.Count == 0) buckets.Add(("+Inf", 5));
        return buckets;
    }
}
