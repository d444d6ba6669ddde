using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Orrery.Query.PromQL.Engine;
using Orrery.Query.PromQL.Syntax;
using Orrery.Query.Tests.PromQL.Syntax;

namespace Orrery.Query.Tests.PromQL.Engine;

/// <summary>
/// Real and mutated queries that parse are evaluated, instant and range: the engine only ever
/// fails with a <see cref="PromQLException"/> (never a crash), and the timeout stops every
/// evaluation (nothing runs on past it).
/// </summary>
public class EngineFuzzTests
{
    private const long Minute = 60_000;

    // A generous bound on any one evaluation: a query that ignored the timeout would hang far past it.
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_hang = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void Real_and_mutated_queries_fail_only_with_engine_errors_and_stop_at_the_timeout(int seed)
    {
        var random = new Random(seed);
        var corpus = ParserFuzzTests.Corpus(SyntaxTestFile());
        var engine = new PromQLEngine(Reader(), new PromQLOptions { Timeout = s_timeout, MaxSamples = 200_000 });
        var evaluated = 0;
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 3000; i++)
        {
            var text = new StringBuilder(corpus[random.Next(corpus.Count)]);
            // A third unchanged: real queries reach the deepest engine paths; the rest mutated.
            if (i % 3 != 0)
            {
                for (var k = random.Next(1, 3); k > 0; k--) ParserFuzzTests.Mutate(text, random);
            }
            PromExpr expr;
            try
            {
                expr = PromQLParser.Parse(text.ToString());
            }
            catch (PromQLParseException)
            {
                continue;
            }
            evaluated++;
            slowest = Max(slowest, Evaluate(() => engine.Instant("t", expr, 30 * Minute), text.ToString()));
            if (expr.Type is PromValueType.Scalar or PromValueType.Vector)
                slowest = Max(slowest, Evaluate(() => engine.Range("t", expr, 10 * Minute, 30 * Minute, Minute), text.ToString()));
        }

        Assert.True(evaluated > 600, $"only {evaluated} queries parsed: the corpus no longer exercises the engine");
        Assert.True(slowest < s_hang, $"an evaluation ran {slowest} despite a {s_timeout} timeout");
    }

    private static TimeSpan Evaluate(Action run, string query)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            run();
        }
        catch (PromQLException)
        {
            // Bad arguments, limits and timeouts are the engine's answer, not a failure.
        }
        catch (Exception e)
        {
            Assert.Fail($"query {query} crashed the engine: {e}");
        }
        return watch.Elapsed;
    }

    /// <summary>The corpus lives beside the syntax tests; <c>Corpus</c> finds it from a file path there.</summary>
    private static string SyntaxTestFile([CallerFilePath] string self = "") =>
        Path.Combine(Path.GetDirectoryName(self)!, "..", "Syntax", "ParserFuzzTests.cs");

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Counters, gauges and classic histogram buckets under names the corpus uses.</summary>
    private static MemoryMetricReader Reader()
    {
        var reader = new MemoryMetricReader();
        string[] names = ["foo", "bar", "some_metric", "http_requests_total", "up", "a", "b", "x", "metric"];
        string[] les = ["0.1", "1", "10", "+Inf"];
        var value = 0.0;
        foreach (var name in names)
        {
            for (var instance = 0; instance < 3; instance++)
            {
                var samples = new List<(long, double)>();
                for (var t = 0L; t <= 40 * Minute; t += 15_000) samples.Add((t, value += instance + 1));
                reader.Add(name, [("job", "api"), ("instance", "i" + instance)], [.. samples]);
            }
        }
        foreach (var le in les)
        {
            var samples = new List<(long, double)>();
            for (var t = 0L; t <= 40 * Minute; t += 15_000) samples.Add((t, t / 1000.0 * (les.Length - Array.IndexOf(les, le))));
            reader.Add("foo_bucket", [("le", le)], [.. samples]);
        }
        return reader;
    }
}
