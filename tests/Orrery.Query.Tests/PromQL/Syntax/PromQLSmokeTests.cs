using Orrery.Query.PromQL.Syntax;

namespace Orrery.Query.Tests.PromQL.Syntax;

public class PromQLSmokeTests
{
    [Theory]
    [InlineData("sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m]))", "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m]))")]
    [InlineData("a + b * c ^ d ^ e", "a + b * c ^ d ^ e")]
    [InlineData("foo offset 5m @ 100", "foo @ 100.000 offset 5m")]
    [InlineData("-1", "-1")]
    [InlineData("1e6", "1e+06")]
    [InlineData("0x1f", "31")]
    [InlineData("rate(foo[5m])[30m:1m]", "rate(foo[5m])[30m:1m]")]
    public void Prints(string query, string expected) => Assert.Equal(expected, PromQLPrinter.Print(PromQLParser.Parse(query)));

    [Theory]
    [InlineData("1+", "1:3: parse error: unexpected end of input")]
    [InlineData("rate(foo)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector")]
    [InlineData("1 == 1", "1:3: parse error: comparisons between scalars must use BOOL modifier")]
    public void Fails(string query, string expected) =>
        Assert.Equal(expected, Assert.Throws<PromQLParseException>(() => PromQLParser.Parse(query)).Message);
}
