using Orrery.Pipeline.Components;
using Orrery.Pipeline.Sampling;
using Orrery.Pipeline.Sampling.Policies;
using YamlDotNet.RepresentationModel;

namespace Orrery.Pipeline.Tests.Sampling;

public class TailSamplingConfigTests
{
    internal static ComponentSettings Settings(string id, string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return new ComponentSettings(id, (YamlMappingNode)stream.Documents[0].RootNode, 1);
    }

    [Fact]
    public void Parses_the_collector_shape_with_every_policy_type()
    {
        var settings = TailSamplingSettings.Parse(Settings("tail_sampling", """
            decision_wait: 5s
            num_traces: 1000
            decision_cache: { sampled_cache_size: 10, non_sampled_cache_size: 20 }
            policies:
              - { name: all, type: always_sample }
              - { name: slow, type: latency, latency: { threshold_ms: 500, upper_threshold_ms: 10000 } }
              - { name: errors, type: status_code, status_code: { status_codes: [ERROR, UNSET] } }
              - { name: big, type: numeric_attribute, numeric_attribute: { key: size, min_value: 10, max_value: 20, invert_match: true } }
              - { name: routes, type: string_attribute, string_attribute: { key: route, values: ["^/api"], enabled_regex_matching: true } }
              - { name: ten, type: probabilistic, probabilistic: { sampling_percentage: 10 } }
              - { name: cap, type: rate_limiting, rate_limiting: { spans_per_second: 100 } }
              - { name: count, type: span_count, span_count: { min_spans: 2, max_spans: 5 } }
              - { name: state, type: trace_state, trace_state: { key: vendor, values: [a] } }
              - { name: debug, type: boolean_attribute, boolean_attribute: { key: debug, value: true } }
              - name: both
                type: and
                and: { and_sub_policy: [ { name: e, type: status_code, status_code: { status_codes: [ERROR] } }, { name: s, type: latency, latency: { threshold_ms: 1 } } ] }
              - name: mix
                type: composite
                composite:
                  max_total_spans_per_second: 100
                  policy_order: [e, rest]
                  composite_sub_policy:
                    - { name: e, type: status_code, status_code: { status_codes: [ERROR] } }
                    - { name: rest, type: always_sample }
                  rate_allocation: [ { policy: e, percent: 50 }, { policy: rest, percent: 25 } ]
            """));
        Assert.Equal(TimeSpan.FromSeconds(5), settings.DecisionWait);
        Assert.Equal(1000, settings.NumTraces);
        Assert.Equal(10, settings.SampledCacheSize);
        Assert.Equal(20, settings.NonSampledCacheSize);
        Assert.Equal(12, settings.Policies.Count);
        Assert.IsType<CompositePolicy>(settings.Policies[^1]);
        Assert.IsType<AndPolicy>(settings.Policies[^2]);
    }

    [Theory]
    [InlineData("policies: []", "at least one policy")]
    [InlineData("policies: [ { name: a, type: nope } ]", "unknown policy type 'nope'")]
    [InlineData("policies: [ { name: a, type: latency, latency: { threshold_ms: 5, upper_threshold_ms: 5 } } ]", "upper_threshold_ms")]
    [InlineData("policies: [ { name: a, type: status_code, status_code: { status_codes: [BAD] } } ]", "unknown status code 'BAD'")]
    [InlineData("policies: [ { name: a, type: string_attribute, string_attribute: { key: k, values: ['('], enabled_regex_matching: true } } ]", "invalid regular expression")]
    [InlineData("policies: [ { name: a, type: probabilistic, probabilistic: { sampling_percentage: 101 } } ]", "between 0 and 100")]
    [InlineData("policies: [ { name: a, type: always_sample }, { name: a, type: always_sample } ]", "two policies are named 'a'")]
    [InlineData("policies: [ { name: a, type: and, and: { and_sub_policy: [ { name: b, type: and } ] } } ]", "cannot be nested")]
    [InlineData("policies: [ { name: a, type: latency, latncy: {} } ]", "unknown setting 'latncy'")]
    [InlineData("num_traces: 0\npolicies: [ { name: a, type: always_sample } ]", "num_traces")]
    [InlineData("policies: [ { name: a, type: composite, composite: { max_total_spans_per_second: 10, policy_order: [x], composite_sub_policy: [ { name: b, type: always_sample } ] } } ]", "unknown policy 'x'")]
    public void Bad_settings_fail_with_the_reason(string yaml, string reason)
    {
        var e = Assert.Throws<PipelineConfigException>(() => new TailSamplingFactory().Validate(Settings("tail_sampling", yaml)));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.True(e.Line > 0);
    }

    [Fact]
    public void Trace_follow_settings_parse_and_check()
    {
        var s = TraceFollowSettings.Parse(Settings("trace_follow", "sampler: tail_sampling/x\nmax_wait: 20s\nmax_records: 5\non_timeout: drop"));
        Assert.Equal("tail_sampling/x", s.Sampler);
        Assert.Equal(TimeSpan.FromSeconds(20), s.MaxWait);
        Assert.Equal(5, s.MaxRecords);
        Assert.False(s.KeepOnTimeout);
        Assert.Throws<PipelineConfigException>(() => new TraceFollowFactory().Validate(Settings("trace_follow", "on_timeout: maybe")));
    }
}
