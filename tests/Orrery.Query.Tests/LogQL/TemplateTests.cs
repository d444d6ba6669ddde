using Orrery.Query.LogQL.Pipeline;

namespace Orrery.Query.Tests.LogQL;

public class TemplateTests
{
    private sealed class Data(Dictionary<string, string> labels, string line = "the line", long timestampNs = 1_500_000_000) : ITemplateData
    {
        public string? Label(string name) => labels.GetValueOrDefault(name);

        public string Line { get; } = line;

        public long TimestampNs { get; } = timestampNs;
    }

    private static string Render(string template, params (string Name, string Value)[] labels) =>
        Template.Compile(template).Render(new Data(labels.ToDictionary(l => l.Name, l => l.Value)));

    [Theory]
    [InlineData("{{.a}}-{{.missing}}-{{.b}}", "x--y")]
    [InlineData("{{ .a | ToUpper }}", "X")]
    [InlineData("{{ ToLower .u }}", "hello")]
    [InlineData("{{ Replace .path \"/\" \"_\" -1 }}", "_api_v1")]
    [InlineData("{{ Replace .path \"/\" \"_\" 1 }}", "_api/v1")]
    [InlineData("{{ .path | replace \"/\" \":\" }}", ":api:v1")]
    [InlineData("{{ Trim .padded \"-\" }}", "mid")]
    [InlineData("{{ TrimLeft .padded \"-\" }}", "mid--")]
    [InlineData("{{ TrimRight .padded \"-\" }}", "--mid")]
    [InlineData("{{ TrimSpace .spaced }}", "s")]
    [InlineData("{{ TrimPrefix .path \"/api\" }}", "/v1")]
    [InlineData("{{ TrimSuffix .path \"/v1\" }}", "/api")]
    [InlineData("{{ regexReplaceAll \"(\\\\d+)\" .path \"<$1>\" }}", "/api/v<1>")]
    [InlineData("{{ .missing | default \"none\" }}", "none")]
    [InlineData("{{ .a | default \"none\" }}", "x")]
    [InlineData("{{ printf \"%s=%d (%5.2f)\" .a .n .n }}", "x=42 (42.00)")]
    [InlineData("{{ add .n 1 }} {{ sub .n 2 }} {{ mul .n 2 }} {{ div .n 5 }} {{ mod .n 5 }}", "43 40 84 8 2")]
    [InlineData("{{ divf .n 8 }}", "5.25")]
    [InlineData("{{ if eq .a \"x\" }}yes{{ else }}no{{ end }}", "yes")]
    [InlineData("{{ if .missing }}yes{{ else if .b }}b{{ else }}no{{ end }}", "b")]
    [InlineData("a  {{- .a -}}  b", "axb")]
    [InlineData("{{ __line__ | ToUpper }}", "THE LINE")]
    [InlineData("{{ __timestamp__ }}", "1970-01-01 00:00:01.5 +0000 UTC")]
    [InlineData("{{ .a | printf \"[%s]\" }}", "[x]")]
    [InlineData("{{ substr 1 3 .path }}|{{ trunc 2 .path }}|{{ len .path }}", "ap|/a|7")]
    [InlineData("{{ contains \"api\" .path }} {{ hasPrefix \"/a\" .path }} {{ hasSuffix \"x\" .path }}", "true true false")]
    [InlineData("{{/* a comment */}}ok", "ok")]
    public void Renders_like_go_templates(string template, string expected)
    {
        Assert.Equal(expected, Render(template, ("a", "x"), ("b", "y"), ("u", "HELLO"), ("path", "/api/v1"), ("padded", "--mid--"), ("spaced", "  s "), ("n", "42")));
    }

    [Theory]
    [InlineData("{{ .a | Nope }}", "function \"Nope\" not defined")]
    [InlineData("{{ .a ", "unclosed action")]
    [InlineData("{{ if .a }}x", "if without end")]
    [InlineData("{{ template \"x\" }}", "template is not supported")]
    [InlineData("{{ (.a }}", "unclosed left paren")]
    public void Invalid_templates_are_rejected_at_compile_time(string template, string reason)
    {
        var error = Assert.Throws<FormatException>(() => Template.Compile(template));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Runtime_failures_surface_as_template_exceptions()
    {
        Assert.Throws<TemplateException>(() => Render("{{ div .n 0 }}", ("n", "1")));
    }
}
