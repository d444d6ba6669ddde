using Orrery.Api.Prometheus;

namespace Orrery.Api.Tests.Prometheus;

public class SelectorParserTests
{
    [Theory]
    [InlineData("up", "__name__=\"up\"")]
    [InlineData(" up ", "__name__=\"up\"")]
    [InlineData("job:rate5m:sum", "__name__=\"job:rate5m:sum\"")]
    [InlineData("up{job=\"a\"}", "job=\"a\" __name__=\"up\"")]
    [InlineData("up { job != 'a' , }", "job!=\"a\" __name__=\"up\"")]
    [InlineData("{__name__=~\"up|down\",by=~`a\\d+`}", "__name__=~\"up|down\" by=~\"a\\\\d+\"")]
    [InlineData("{x!~\"\\\"q\\\"\\n\\x41\\u00e9\"}", "x!~\"\\\"q\\\"\\nAé\"")]
    [InlineData("up # a comment\n{job=\"a\"}", "job=\"a\" __name__=\"up\"")]
    [InlineData("{a=\"\\xc3\\xa9\\303\\251\"}", "a=\"éé\"")]
    public void Selectors_parse_into_matchers(string text, string expected)
    {
        Assert.True(SelectorParser.TryParse(text, out var matchers, out var error), error);
        Assert.Equal(expected, string.Join(' ', matchers.Select(m => m.ToString())));
    }

    [Theory]
    [InlineData("", "1:1: parse error: no expression found in input")]
    [InlineData("up{job=\"a", "1:8: parse error: unterminated quoted string")]
    [InlineData("up{job=\"a\" job=\"b\"}", "1:12: parse error: unexpected identifier \"job\" in label matching, expected \",\" or \"}\"")]
    [InlineData("up{,}", "1:4: parse error: unexpected \",\" in label matching, expected identifier or \"}\"")]
    [InlineData("up{job==\"a\"}", "1:8: parse error: unexpected \"=\" in label matching, expected string")]
    [InlineData("up{job=~\"(\"}", "1:4: parse error: error parsing regexp: ")]
    [InlineData("up{job=\"\\q\"}", "1:8: parse error: unknown escape sequence U+0071 'q'")]
    [InlineData("up{1a=\"b\"}", "1:4: parse error: unexpected character inside braces: '1'")]
    [InlineData("up{a!b=\"c\"}", "1:5: parse error: unexpected character after '!' inside braces: 'b'")]
    [InlineData("up{{", "1:4: parse error: unexpected left brace '{'")]
    [InlineData("up{a=\"b\"}}", "1:10: parse error: unexpected character: '}'")]
    [InlineData("up[5m]", "1:3: parse error: unexpected \"[\"")]
    [InlineData("up{a=\"\\xff\"}", "1:6: parse error: invalid UTF-8 rune")]
    [InlineData("up{a=\"\\777\"}", "1:6: parse error: invalid escape sequence")]
    [InlineData("up\n{job=}", "2:6: parse error: unexpected \"}\" in label matching, expected string")]
    [InlineData("rate(up[5m])", "1:5: parse error: unexpected \"(\"")]
    [InlineData("5", "1:1: parse error: unexpected number \"5\"")]
    public void Malformed_selectors_fail_with_a_positioned_message(string text, string expected)
    {
        Assert.False(SelectorParser.TryParse(text, out _, out var error));
        if (expected.EndsWith(": ", StringComparison.Ordinal)) Assert.StartsWith(expected, error, StringComparison.Ordinal);
        else Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("up", "__name__=\"up\"")]
    [InlineData("sum(rate(http_requests_total{code=~\"5..\"}[5m])) by (job) / sum(rate(http_requests_total[5m])) by (job)", "code=~\"5..\" __name__=\"http_requests_total\"|__name__=\"http_requests_total\"")]
    [InlineData("histogram_quantile(0.9, sum without (instance) (rate(x_bucket[1m:10s] @ end())))", "__name__=\"x_bucket\"")]
    [InlineData("a + on(job) group_left(instance) b offset -5m > bool 3", "__name__=\"a\"|__name__=\"b\"")]
    [InlineData("label_replace(up, \"dst\", \"$1\", \"src\", \"(.*)\") or {job=\"x\"}", "__name__=\"up\"|job=\"x\"")]
    [InlineData("topk(3, count_values(\"v\", build_info))", "__name__=\"build_info\"")]
    [InlineData("vector(1) * 2.5e3 + inf - NaN", "")]
    public void Selectors_are_found_inside_expressions(string expression, string expected)
    {
        Assert.True(SelectorExtractor.TryExtract(expression, out var selectors, out var error), error);
        Assert.Equal(expected, string.Join('|', selectors.Select(s => string.Join(' ', s.Select(m => m.ToString())))));
    }
}
