using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Orrery.Query.PromQL.Syntax;

namespace Orrery.Query.Tests.PromQL.Syntax;

/// <summary>
/// Random and mutated queries: the parser only ever throws <see cref="PromQLParseException"/>,
/// and whatever it accepts prints to a query that parses back to the same tree (the printer
/// acting as a second, independent check of the tree).
/// </summary>
public class ParserFuzzTests
{
    private static readonly string[] s_fragments =
    [
        "foo", "bar:baz", "{", "}", "(", ")", "[", "]", ",", "=", "!=", "=~", "!~", "\"a\"", "'b'", "`c`", "5m", "1h30m", "0s", ":",
        "1", "1.5", ".5", "0x1f", "1e3", "Inf", "NaN", "+", "-", "*", "/", "%", "^", "==", "!=", ">", "<", ">=", "<=",
        "and", "or", "unless", "atan2", "bool", "on", "ignoring", "group_left", "group_right", "by", "without",
        "sum", "topk", "count_values", "quantile", "rate", "histogram_quantile", "label_join", "time", "vector",
        "offset", "@", "start()", "end()", "#", "\n", " ", "\\", "\"\\x", "é", "\ud800", "a=\"b\"", "[5m:1m]", "le",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_token_soup_only_ever_fails_with_a_parse_error(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 3000; i++)
        {
            var sb = new StringBuilder();
            var count = random.Next(1, 16);
            for (var k = 0; k < count; k++)
            {
                sb.Append(s_fragments[random.Next(s_fragments.Length)]);
                if (random.Next(3) == 0) sb.Append(' ');
            }
            Check(sb.ToString());
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Mutated_real_queries_only_ever_fail_with_a_parse_error(int seed)
    {
        var random = new Random(seed);
        var corpus = Corpus();
        for (var i = 0; i < 4000; i++)
        {
            var query = new StringBuilder(corpus[random.Next(corpus.Count)]);
            var edits = random.Next(1, 4);
            for (var k = 0; k < edits; k++) Mutate(query, random);
            Check(query.ToString());
        }
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_a_parse_error_not_a_stack_overflow()
    {
        const int deep = 100_000;
        Assert.Contains("nesting", Refused(new string('(', deep) + "1" + new string(')', deep)));
        Assert.Contains("nesting", Refused(new string('-', deep) + "1"));
        Assert.Contains("nesting", Refused(string.Concat(Enumerable.Repeat("sum(", deep)) + "x" + new string(')', deep)));
        Assert.Contains("nesting", Refused("a" + string.Concat(Enumerable.Repeat(" + a", deep))));
        Assert.Contains("nesting", Refused("a" + string.Concat(Enumerable.Repeat(" ^ a", deep))));
        Assert.Contains("nesting", Refused("x" + string.Concat(Enumerable.Repeat("[1m:]", deep))));
        // Prometheus's own stress query: long operator chains inside, many subqueries outside.
        Refused("(" + string.Concat(Enumerable.Repeat("-{}-1", 10_000)) + ")" + string.Concat(Enumerable.Repeat("[1m:]", 1000)));
        // Lexing alone is flat, however long the input.
        Assert.Equal($"1:{deep + 4}: parse error: unexpected character: '}}'", Refused("foo" + new string(' ', deep) + "}"));
    }

    [Fact]
    public void Nesting_up_to_the_limit_parses_and_prints()
    {
        var depth = PromQLParser.MaxNestingDepth - 2;
        var query = new string('(', depth) + "x" + new string(')', depth);
        var parsed = PromQLParser.Parse(query);
        Assert.Equal(query, PromQLPrinter.Print(parsed));
        Assert.Equal(parsed, PromQLParser.Parse(PromQLPrinter.Pretty(parsed)));

        var chain = "a" + string.Concat(Enumerable.Repeat(" + a", depth));
        Assert.Equal(chain, PromQLPrinter.Print(PromQLParser.Parse(chain)));
    }

    [Fact]
    public void Regular_expressions_the_engine_refuses_are_parse_errors()
    {
        // Backreferences and lookarounds are outside RE2 and outside linear-time matching.
        Assert.Contains("error parsing regexp", Refused("foo{a=~\"(a)\\\\1\"}"));
        Assert.Contains("error parsing regexp", Refused("foo{a=~\"(?=a)\"}"));
        Assert.Contains("error parsing regexp", Refused("foo{a=~\"[\"}"));
    }

    private static string Refused(string query) => Assert.Throws<PromQLParseException>(() => PromQLParser.Parse(query)).Message;

    private static void Check(string query)
    {
        PromExpr parsed;
        try
        {
            parsed = PromQLParser.Parse(query);
        }
        catch (PromQLParseException e)
        {
            Assert.Matches(@"^(\d+:\d+: parse error: .+)$", e.Message.Split('\n')[0]);
            CheckSelector(query);
            return;
        }
        var printed = PromQLPrinter.Print(parsed);
        var reparsed = PromQLParser.Parse(printed);
        if (!PrintingChangesTree(parsed)) Assert.True(parsed.Equals(reparsed), $"{query} printed as {printed} parses differently");
        PromQLParser.Parse(PromQLPrinter.Pretty(parsed));
        CheckSelector(query);
    }

    private static void CheckSelector(string query)
    {
        try
        {
            PromQLParser.ParseSelector(query);
        }
        catch (PromQLParseException)
        {
        }
    }

    // Two trees Prometheus 2.42's printer (and so this one) cannot reproduce: "a * ignoring()
    // group_left(b) c" prints without its grouping, and "Inf ^ x" prints as "+Inf ^ x", which
    // parses as +(Inf ^ x) (the same value, another tree).
    private static bool PrintingChangesTree(PromExpr expr) =>
        expr is BinaryExpr { Matching: { On: false, MatchingLabels.Count: 0, Card: MatchingCardinality.ManyToOne or MatchingCardinality.OneToMany } }
        || expr is BinaryExpr { Op: BinaryOp.Pow, Lhs: NumberLiteral { Value: double.PositiveInfinity } }
        || PromExprChildren.Of(expr).Any(PrintingChangesTree);

    internal static void Mutate(StringBuilder query, Random random)
    {
        var at = query.Length == 0 ? 0 : random.Next(query.Length);
        switch (random.Next(5))
        {
            case 0 when query.Length > 0:
                query.Remove(at, Math.Min(random.Next(1, 4), query.Length - at));
                break;
            case 1:
                query.Insert(at, s_fragments[random.Next(s_fragments.Length)]);
                break;
            case 2 when query.Length > 0:
                query[at] = (char)random.Next(32, 127);
                break;
            case 3:
                // Duplicate a slice: repeats brackets, operators and modifiers.
                var length = Math.Min(random.Next(1, 12), query.Length - at);
                query.Insert(at, query.ToString(at, length));
                break;
            default:
                query.Insert(at, (char)random.Next(0, 0x3000));
                break;
        }
    }

    internal static List<string> Corpus([CallerFilePath] string source = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(source)!, "testdata", "prometheus-2.42.jsonl");
        return [.. File.ReadLines(path).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("query").GetString()!)];
    }
}
