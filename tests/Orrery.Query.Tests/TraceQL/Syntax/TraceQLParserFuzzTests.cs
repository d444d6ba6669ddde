using Orrery.Query.TraceQL.Syntax;

namespace Orrery.Query.Tests.TraceQL.Syntax;

/// <summary>
/// Random token soups and mutated valid queries (fixed seeds, bounded length) must either parse or
/// fail with <see cref="TraceQLParseException"/>; whatever parses must round-trip through the printer.
/// </summary>
public class TraceQLParserFuzzTests
{
    private static readonly string[] Fragments =
    [
        "{", "}", "(", ")", ",", "|", "=", "!=", ">", ">=", "<", "<=", "=~", "!~", "&&", "||", "!", "+", "-", "*", "/", "%", "^",
        ">>", "<<", "~", "!>", "!>>", "!<", "!<<", "&>", "&>>", "&<", "&<<", "&~", "&",
        ".a", "span.http.status_code", "resource.service.name", "span.\"x y\"", "event.", "link.x", "instrumentation.v",
        "name", "status", "kind", "duration", "span:id", "trace:id", "event:name", "nestedSetParent", "rootServiceName",
        "\"s\"", "`raw`", "\"\\u00e9\"", "\"unterminated", "1", "-1", "1.5", "1e3", "500ms", "1h30m", "10us", "3x", "9999999999999999999999",
        "true", "false", "nil", "ok", "error", "server", "client", "by", "coalesce", "select", "count", "avg", "min", "max", "sum",
        "rate", "count_over_time", "quantile_over_time", "histogram_over_time", "compare", "topk", "bottomk", "with", " ", "\n", "#", ":", ".",
    ];

    private static readonly string[] Seeds =
    [
        "{ span.http.status_code = 500 }",
        "{ resource.service.name = \"x\" && duration > 500ms }",
        "{ name = \"a\" } >> { name = \"b\" }",
        "{ } | rate() by (resource.service.name)",
        "({ .a = 1 } | count() > 1) && { .b = 2 } | by(name) | select(.c) with (sample = 0.1)",
        "{ } | quantile_over_time(duration, 0.5, 0.99) by (name) | topk(3)",
        "{ !(.a + 2 * 3 ^ -2 > 1.5) || status = error } &~ { kind = server }",
    ];

    [Fact]
    public void Random_token_soups_never_crash()
    {
        var random = new Random(20261122);
        for (var i = 0; i < 3_000; i++)
        {
            var count = random.Next(1, 24);
            var parts = new string[count];
            for (var j = 0; j < count; j++) parts[j] = Fragments[random.Next(Fragments.Length)];
            AssertParsesOrFailsCleanly(string.Join(random.Next(2) == 0 ? " " : "", parts));
        }
    }

    [Fact]
    public void Mutated_queries_never_crash()
    {
        var random = new Random(6);
        var parsedCount = 0;
        for (var i = 0; i < 3_000; i++)
        {
            var text = Seeds[random.Next(Seeds.Length)].ToCharArray().ToList();
            var mutations = random.Next(1, 4);
            for (var m = 0; m < mutations && text.Count > 0; m++)
            {
                var at = random.Next(text.Count);
                switch (random.Next(4))
                {
                    case 0: text.RemoveAt(at); break;
                    case 1: text.Insert(at, (char)random.Next(32, 127)); break;
                    case 2: text[at] = (char)random.Next(32, 127); break;
                    default: text.InsertRange(at, Fragments[random.Next(Fragments.Length)]); break;
                }
            }
            if (AssertParsesOrFailsCleanly(new string(text.ToArray()))) parsedCount++;
        }
        // Many mutations (a changed string character, an extra space) keep the query valid, so the round trip is exercised.
        Assert.InRange(parsedCount, 100, 3_000);
    }

    [Fact]
    public void Arbitrary_characters_never_crash()
    {
        var random = new Random(42);
        for (var i = 0; i < 2_000; i++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var j = 0; j < chars.Length; j++) chars[j] = (char)random.Next(0, 0x3000);
            AssertParsesOrFailsCleanly(new string(chars));
        }
    }

    /// <summary>True when the query parsed (and then round-tripped); false when it failed cleanly.</summary>
    private static bool AssertParsesOrFailsCleanly(string query)
    {
        TraceQLQuery parsed;
        try
        {
            parsed = TraceQLParser.Parse(query);
        }
        catch (TraceQLParseException error)
        {
            Assert.InRange(error.Offset, 0, query.Length);
            Assert.InRange(error.Line, 1, query.Length + 1);
            return false;
        }
        var printed = parsed.ToString();
        Assert.Equal(parsed, TraceQLParser.Parse(printed));
        Assert.Equal(printed, TraceQLParser.Parse(printed).ToString());
        return true;
    }
}
