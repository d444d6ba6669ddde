using System.Text;
using Orrery.Receive.Loki;
using Orrery.Signals;
using Orrery.Signals.Labels;

namespace Orrery.Receive.Tests.Loki;

public class LokiLabelParserTests
{
    private static (bool Ok, string Labels, string? Error) Parse(string text)
    {
        var arena = new ByteArena();
        var labels = new RowList<LabelRow>();
        var ok = LokiLabelParser.TryParse(Encoding.UTF8.GetBytes(text), arena, labels, out var error);
        var rendered = string.Join(",", labels.AsSpan().ToArray().Select(l => $"{arena.GetString(l.Name)}={arena.GetString(l.Value)}"));
        return (ok, rendered, error);
    }

    [Theory]
    [InlineData("{a=\"b\"}", "a=b")]
    [InlineData(" { app = \"api\" , env=\"prod\" } ", "app=api,env=prod")]
    [InlineData("{a=\"x\\\"y\\\\z\\n\"}", "a=x\"y\\z\n")]
    [InlineData("{a=\"\\u00e9\\x41\\U0001F600\"}", "a=éA😀")]
    [InlineData("{a=`raw \\n`}", "a=raw \\n")]
    [InlineData("{_x9=\"\"}", "_x9=")]
    [InlineData("{a=\"é\"}", "a=é")]
    public void Parses_equality_selectors(string text, string expected)
    {
        var (ok, labels, error) = Parse(text);

        Assert.True(ok, error);
        Assert.Equal(expected, labels);
    }

    [Theory]
    [InlineData("a=\"b\"", 0, "expected '{'")]
    [InlineData("{}", 1, "at least one label pair is required per stream")]
    [InlineData("{a}", 2, "expected '='")]
    [InlineData("{a=b}", 3, "expected a quoted label value")]
    [InlineData("{a=\"b\" c=\"d\"}", 7, "expected ',' or '}'")]
    [InlineData("{9a=\"b\"}", 1, "expected a label name")]
    [InlineData("{a=\"b}", 3, "unterminated string")]
    [InlineData("{a=\"\\q\"}", 3, "invalid escape \\q")]
    [InlineData("{a=\"b\"} x", 8, "unexpected text after '}'")]
    [InlineData("{a!=\"b\"}", 2, "expected '='")]
    public void Errors_name_the_byte(string text, int position, string message)
    {
        var (ok, labels, error) = Parse(text);

        Assert.False(ok);
        Assert.Equal("", labels);
        Assert.Equal($"invalid labels '{text}' at byte {position}: {message}", error);
    }
}
