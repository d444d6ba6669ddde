using System.Runtime.CompilerServices;
using System.Text.Json;
using Orrery.Query.PromQL.Syntax;

namespace Orrery.Query.Tests.PromQL.Syntax;

/// <summary>
/// Every query of testdata/prometheus-2.42.jsonl (written by hand) and
/// prometheus-2.42-mutated.jsonl (random edits of those) with what a real Prometheus 2.42
/// answered to it on /api/v1/format_query (see testdata/regenerate.py and mutate.py): the
/// same pretty form, or the same parse error message with the same position.
/// </summary>
public class PrometheusOracleTests
{
    public static TheoryData<string, string?, string?> Cases()
    {
        var data = new TheoryData<string, string?, string?>();
        // The mutations sometimes reproduce a query already listed; xunit would skip the repeat with a warning.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(DataPath()).Concat(File.ReadLines(DataPath("prometheus-2.42-mutated.jsonl"))))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var query = root.GetProperty("query").GetString()!;
            if (!seen.Add(query)) continue;
            var pretty = root.TryGetProperty("pretty", out var p) ? p.GetString() : null;
            var error = root.TryGetProperty("error", out var e) ? e.GetString() : null;
            data.Add(query, pretty, error);
        }
        return data;
    }

    // Where Orrery answers differently on purpose, and what it answers instead.
    private static readonly Dictionary<string, string> s_knownDeviations = new()
    {
        // Go strings are bytes and keep a lone \xff; .NET strings are text, so it decodes to
        // U+FFFD, printed escaped so that the printed query parses again.
        ["\"\\xff\""] = "\"\\ufffd\"",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Answers_as_Prometheus_does(string query, string? pretty, string? error)
    {
        if (s_knownDeviations.TryGetValue(query, out var instead))
        {
            Assert.Equal(instead, PromQLPrinter.Print(PromQLParser.Parse(query)));
            return;
        }
        if (error is not null)
        {
            var e = Assert.Throws<PromQLParseException>(() => PromQLParser.Parse(query));
            // Go's and .NET's regular expression engines word their complaints differently.
            var regexpAt = error.IndexOf("error parsing regexp: ", StringComparison.Ordinal);
            if (regexpAt >= 0) Assert.StartsWith(error[..(regexpAt + 22)], e.Message, StringComparison.Ordinal);
            else Assert.Equal(error, e.Message);
            return;
        }

        var expr = PromQLParser.Parse(query);
        Assert.Equal(pretty, PromQLPrinter.Pretty(expr));
        // An unsplit pretty form is the one-line String() form.
        if (!pretty!.Contains('\n')) Assert.Equal(pretty, PromQLPrinter.Print(expr));
        if (LosesGroupingWhenPrinted(expr)) return;
        Assert.Equal(expr, PromQLParser.Parse(PromQLPrinter.Print(expr)));
        Assert.Equal(expr, PromQLParser.Parse(pretty));
    }

    // Prometheus 2.42 prints "a * ignoring() group_left(b) c" as "a * c", dropping the
    // grouping; the printer keeps that, so such a tree cannot survive printing.
    private static bool LosesGroupingWhenPrinted(PromExpr expr) =>
        expr is BinaryExpr { Matching: { On: false, MatchingLabels.Count: 0, Card: MatchingCardinality.ManyToOne or MatchingCardinality.OneToMany } }
        || PromExprChildren.Of(expr).Any(LosesGroupingWhenPrinted);

    public static TheoryData<string, string?> SelectorCases()
    {
        var data = new TheoryData<string, string?>();
        foreach (var line in File.ReadLines(DataPath("prometheus-2.42-selectors.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            data.Add(root.GetProperty("selector").GetString()!, root.TryGetProperty("error", out var e) ? e.GetString() : null);
        }
        return data;
    }

    /// <summary>Selectors as Prometheus's /api/v1/series took them in <c>match[]</c>.</summary>
    [Theory]
    [MemberData(nameof(SelectorCases))]
    public void Parses_match_selectors_as_Prometheus_does(string selector, string? error)
    {
        if (error is null)
        {
            var parsed = PromQLParser.ParseSelector(selector);
            Assert.Contains(parsed.Matchers, m => !m.MatchesEmpty);
            return;
        }
        // The API puts the parameter's name in front; ParseSelector leaves that to its caller.
        const string prefix = "invalid parameter \"match[]\": ";
        Assert.StartsWith(prefix, error, StringComparison.Ordinal);
        var e = Assert.Throws<PromQLParseException>(() => PromQLParser.ParseSelector(selector));
        Assert.Equal(error[prefix.Length..], e.Message);
    }

    private static string DataPath(string name = "prometheus-2.42.jsonl", [CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "testdata", name);
}
