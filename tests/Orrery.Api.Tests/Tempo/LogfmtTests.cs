using Orrery.Api.Tempo.Search;

namespace Orrery.Api.Tests.Tempo;

public class LogfmtTests
{
    [Fact]
    public void Parses_quoted_and_bare_values()
    {
        Assert.True(Logfmt.TryParse("service.name=\"checkout api\" http.status_code=500  name=GET\t status=error", out var pairs, out var error), error);

        Assert.Equal(
            [
                new LogfmtPair("service.name", "checkout api", true),
                new LogfmtPair("http.status_code", "500", false),
                new LogfmtPair("name", "GET", false),
                new LogfmtPair("status", "error", false),
            ],
            pairs);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("   ", 0)]
    [InlineData("a=", 1)]
    [InlineData("a=\"\"", 1)]
    public void Accepts_empty_input_and_values(string text, int count)
    {
        Assert.True(Logfmt.TryParse(text, out var pairs, out _));
        Assert.Equal(count, pairs.Count);
    }

    [Fact]
    public void Unescapes_inside_quotes()
    {
        Assert.True(Logfmt.TryParse("msg=\"say \\\"hi\\\" \\\\ bye\"", out var pairs, out _));

        Assert.Equal("say \"hi\" \\ bye", Assert.Single(pairs).Value);
    }

    [Theory]
    [InlineData("service.name", "no value")]
    [InlineData("a=\"open", "unterminated")]
    [InlineData("=x", "expected a key")]
    [InlineData("a=\"x\"b", "expected a space")]
    [InlineData("a=x\"y", "unexpected quote")]
    public void Reports_what_is_wrong(string text, string expected)
    {
        Assert.False(Logfmt.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
