using Orrery.Query.LogQL.Pipeline;

namespace Orrery.Query.Tests.LogQL;

/// <summary>range, with, variables and the template functions Loki documents beyond the string ones.</summary>
public class TemplateControlTests
{
    // 2021-03-04T05:06:07.089Z
    private const long Timestamp = 1_614_834_367_089_000_000;

    private sealed class Data(Dictionary<string, string> labels) : ITemplateData
    {
        public string? Label(string name) => labels.GetValueOrDefault(name);

        public string Line => "GET /a 200 error=false";

        public long TimestampNs => Timestamp;
    }

    private static string Render(string template) =>
        Template.Compile(template).Render(new Data(new Dictionary<string, string>
        {
            ["a"] = "x",
            ["json"] = """{"user":{"name":"ann","id":7},"tags":["p","q"],"n":2.5}""",
            ["took"] = "1m30s",
            ["size"] = "2KiB",
            ["epoch"] = "1614834367",
            ["epoch_ms"] = "1614834367089",
            ["when"] = "2021-03-04 05:06:07",
            ["multi"] = "one\ntwo",
        }));

    [Theory]
    [InlineData("{{ range $k, $v := fromJson .json }}{{ $k }};{{ end }}", "n;tags;user;")] // maps in key order
    [InlineData("{{ range (fromJson .json).tags }}[{{ . }}]{{ end }}", "[p][q]")]
    [InlineData("{{ range $i, $t := (fromJson .json).tags }}{{ $i }}={{ $t }} {{ end }}", "0=p 1=q ")]
    [InlineData("{{ range (fromJson .json).missing }}x{{ else }}empty{{ end }}", "empty")]
    [InlineData("{{ range 3 }}{{ . }}{{ end }}", "012")]
    [InlineData("{{ with fromJson .json }}{{ .user.name }}#{{ .user.id }}{{ end }}", "ann#7")]
    [InlineData("{{ with .missing }}yes{{ else }}no{{ end }}", "no")]
    [InlineData("{{ with .missing }}1{{ else with .a }}{{ . }}{{ end }}", "x")]
    [InlineData("{{ $u := fromJson .json }}{{ $u.user.name }} {{ index $u \"n\" }} {{ index $u.tags 1 }}", "ann 2.5 q")]
    [InlineData("{{ $x := .a }}{{ $x = printf \"%s!\" $x }}{{ $x }}", "x!")]
    [InlineData("{{ with fromJson .json }}{{ $.a }}{{ end }}", "x")] // $ is the labels inside with
    [InlineData("{{ range $i, $t := (fromJson .json).tags }}{{ end }}{{ .a }}", "x")] // dot restored after range
    [InlineData("{{ __timestamp__ | date \"2006-01-02T15:04:05.000Z07:00\" }}", "2021-03-04T05:06:07.089Z")]
    [InlineData("{{ __timestamp__ }}", "2021-03-04 05:06:07.089 +0000 UTC")]
    [InlineData("{{ __timestamp__ | unixEpoch }} {{ __timestamp__ | unixEpochMillis }} {{ __timestamp__ | unixEpochNanos }}", "1614834367 1614834367089 1614834367089000000")]
    [InlineData("{{ date \"Mon Jan _2 3:04PM 2006\" __timestamp__ }}", "Thu Mar  4 5:06AM 2021")]
    [InlineData("{{ toDate \"2006-01-02 15:04:05\" .when | unixEpoch }}", "1614834367")]
    [InlineData("{{ toDate \"2006-01-02\" \"garbage\" | date \"2006\" }}", "0001")]
    [InlineData("{{ toDateInZone \"2006-01-02 15:04:05\" \"UTC\" .when | date \"15:04 MST\" }}", "05:06 UTC")]
    [InlineData("{{ .epoch | unixToTime | date \"2006-01-02\" }} {{ .epoch_ms | unixToTime | unixEpochMillis }}", "2021-03-04 1614834367089")]
    [InlineData("{{ .took | duration }} {{ .took | duration_seconds }} {{ .size | bytes }}", "90 90 2048")]
    [InlineData("{{ __line__ | count \"[a-z]\" }}", "11")] // "GET /a 200 error=false": a, then error and false
    [InlineData("{{ sha256 .a }}", "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881")]
    [InlineData("{{ max 1 7 3 }} {{ min 4 2 9 }} {{ maxf 1.5 2.5 }} {{ minf 1.5 2.5 }}", "7 2 2.5 1.5")]
    [InlineData("{{ ceil 1.2 }} {{ floor 1.8 }} {{ round 1.2345 2 }} {{ round 2.5 0 }}", "2 1 1.23 3")]
    [InlineData("{{ indent 2 .multi }}|{{ nindent 1 .a }}", "  one\n  two|\n x")]
    [InlineData("{{ .a | b64enc }} {{ \"eA==\" | b64dec }} {{ \"a b&c\" | urlencode }}", "eA== x a%20b%26c")]
    [InlineData("{{ alignLeft 3 .a }}|{{ alignRight 3 .a }}|{{ alignLeft 1 \"long\" }}", "x  |  x|l")]
    [InlineData("{{ print .a 1 }} {{ if and .a (not .missing) }}ok{{ end }}", "x1 ok")]
    public void Renders_control_structures_and_functions(string template, string expected)
    {
        Assert.Equal(expected, Render(template));
    }

    [Theory]
    [InlineData("{{ range .a }}{{ end }}", "range can't iterate over x")]
    [InlineData("{{ $nope }}", "undefined variable: $nope")]
    [InlineData("{{ .a.b }}", "can't evaluate field b in type string")]
    [InlineData("{{ \"12345678901\" | unixToTime }}", "unable to parse time")]
    [InlineData("{{ .a | duration }}", "invalid duration")]
    public void Runtime_errors_are_template_exceptions(string template, string reason)
    {
        var error = Assert.Throws<TemplateException>(() => Render(template));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{ range .a }}", "range without end")]
    [InlineData("{{ with .a }}{{ else if .b }}{{ end }}", "expected {{else with}}")]
    [InlineData("{{ range $a, $b, $c := .x }}{{ end }}", "range can only declare")]
    [InlineData("{{ define \"x\" }}{{ end }}", "define is not supported")]
    public void Invalid_control_structures_are_rejected(string template, string reason)
    {
        var error = Assert.Throws<FormatException>(() => Template.Compile(template));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
