using Orrery.Receive.Scrape.Config;
using Orrery.Receive.Scrape.Relabel;
using Orrery.Signals.Labels;

namespace Orrery.Receive.Tests.Scrape;

public class RelabelerTests
{
    private const string Input = "{__name__=\"http_requests_total\", a=\"foo\", b=\"bar\", c=\"baz\"}";

    /// <summary>Rules as YAML (the way users write them), the input label set, and the result ("dropped" when dropped).</summary>
    public static TheoryData<string, string> Cases => new()
    {
        // replace: default regex (.*) and replacement $1 copy the joined sources.
        { "- {source_labels: [a, b], target_label: d}", "{__name__=\"http_requests_total\", a=\"foo\", b=\"bar\", c=\"baz\", d=\"foo;bar\"}" },
        { "- {source_labels: [a, b], separator: '-', regex: '(f.*)-(b.*)', replacement: '${2}x$1', target_label: d}", "{__name__=\"http_requests_total\", a=\"foo\", b=\"bar\", c=\"baz\", d=\"barxfoo\"}" },
        // The regex is anchored: "o" does not match "foo", so nothing changes.
        { "- {source_labels: [a], regex: o, target_label: d, replacement: x}", Input },
        // $1x names a group "1x" (Go's rule), which does not exist: the value is empty, so the label is removed.
        { "- {source_labels: [a], regex: '(.*)', target_label: a, replacement: '$1x'}", "{__name__=\"http_requests_total\", b=\"bar\", c=\"baz\"}" },
        // Named groups, numbered left to right as in Go.
        { "- {source_labels: [a], regex: '(?P<first>f)(o+)', target_label: d, replacement: '${first}-$2'}", "{__name__=\"http_requests_total\", a=\"foo\", b=\"bar\", c=\"baz\", d=\"f-oo\"}" },
        // The target label may be a template.
        { "- {source_labels: [a], regex: '(.*)', target_label: 'x_${1}', replacement: v}", "{__name__=\"http_requests_total\", a=\"foo\", b=\"bar\", c=\"baz\", x_foo=\"v\"}" },
        { "- {source_labels: [a], regex: 'f.*', action: keep}", Input },
        { "- {source_labels: [a], regex: 'b.*', action: keep}", "dropped" },
        { "- {source_labels: [a, b], regex: 'foo;bar', action: drop}", "dropped" },
        { "- {source_labels: [missing], regex: '', action: drop}", "dropped" },
        { "- {source_labels: [a], regex: 'x.*', action: drop}", Input },
        { "- {regex: '[ab]', action: labeldrop}", "{__name__=\"http_requests_total\", c=\"baz\"}" },
        { "- {regex: '__name__|c', action: labelkeep}", "{__name__=\"http_requests_total\", c=\"baz\"}" },
        { "- {regex: '([ab])', replacement: 'copy_$1', action: labelmap}", "{__name__=\"http_requests_total\", a=\"foo\", b=\"bar\", c=\"baz\", copy_a=\"foo\", copy_b=\"bar\"}" },
        { "- {source_labels: [a], modulus: 1000, target_label: shard, action: hashmod}", "{__name__=\"http_requests_total\", a=\"foo\", b=\"bar\", c=\"baz\", shard=\"696\"}" },
        { "- {source_labels: [a], target_label: up, action: uppercase}", "{__name__=\"http_requests_total\", a=\"foo\", b=\"bar\", c=\"baz\", up=\"FOO\"}" },
        { "- {source_labels: [a], target_label: b, action: keepequal}", "dropped" },
        // Rules apply in order: the second sees what the first wrote.
        { "- {source_labels: [c], target_label: a}\n- {source_labels: [a], regex: baz, action: drop}", "dropped" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void RulesApplyAsPrometheusDoes(string rulesYaml, string expected)
    {
        var rules = ParseRules(rulesYaml);
        var labels = new LabelBuilder([new Label("__name__", "http_requests_total"), new Label("a", "foo"), new Label("b", "bar"), new Label("c", "baz")]);

        var kept = Relabeler.Process(rules, labels);

        Assert.Equal(expected, kept ? labels.ToLabelSet().ToString() : "dropped");
    }

    [Theory]
    [InlineData("- {action: replace, source_labels: [a]}", "requires 'target_label'")]
    [InlineData("- {action: hashmod, source_labels: [a], target_label: x}", "non-zero modulus")]
    [InlineData("- {action: labeldrop, regex: a, source_labels: [b]}", "requires only 'regex'")]
    [InlineData("- {action: explode}", "unknown relabel action \"explode\"")]
    [InlineData("- {regex: '(', target_label: x}", "invalid regular expression")]
    [InlineData("- {target_label: '0bad'}", "invalid 'target_label'")]
    public void InvalidRulesNameTheRule(string rulesYaml, string reason)
    {
        var e = Assert.Throws<ScrapeConfigException>(() => ParseRules(rulesYaml));

        Assert.StartsWith("scrape_configs[0].relabel_configs[0]", e.Message);
        Assert.Contains(reason, e.Message);
    }

    private static IReadOnlyList<RelabelConfig> ParseRules(string rulesYaml)
    {
        var indented = string.Join("\n", rulesYaml.Split('\n').Select(l => "      " + l));
        var yaml = $"scrape_configs:\n  - job_name: j\n    relabel_configs:\n{indented}\n";
        return ScrapeConfig.Parse(yaml).Jobs[0].RelabelConfigs;
    }
}
