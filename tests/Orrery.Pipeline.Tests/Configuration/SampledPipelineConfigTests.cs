using Orrery.Pipeline.Configuration;
using Orrery.Pipeline.Sampling;

namespace Orrery.Pipeline.Tests.Configuration;

public class SampledPipelineConfigTests
{
    [Theory]
    [InlineData(false, new[] { "traces/all", "traces", "metrics/derived" })]
    [InlineData(true, new[] { "traces/all", "traces", "metrics/derived", "logs" })]
    public void Is_a_valid_config_of_the_typical_sampled_shape(bool logsFollowTraces, string[] pipelines)
    {
        var config = PipelineConfig.Parse(SampledPipelineConfig.Yaml(["{ name: all, type: always_sample }"], logsFollowTraces: logsFollowTraces));

        config.Validate();
        Assert.Equal(pipelines, config.Pipelines.Select(p => p.Id));
        Assert.Equal(logsFollowTraces, config.Processors.ContainsKey("trace_follow"));
    }

    [Fact]
    public void Decision_wait_num_traces_and_every_policy_reach_the_sampler()
    {
        var config = PipelineConfig.Parse(SampledPipelineConfig.Yaml(
            ["{ name: errors, type: status_code, status_code: { status_codes: [ERROR] } }", "{ name: some, type: probabilistic, probabilistic: { sampling_percentage: 10 } }"],
            TimeSpan.FromMilliseconds(1500), 1234));

        var settings = TailSamplingSettings.Parse(config.Processors["tail_sampling"]);

        Assert.Equal(TimeSpan.FromMilliseconds(1500), settings.DecisionWait);
        Assert.Equal(1234, settings.NumTraces);
        Assert.Equal(["errors", "some"], settings.Policies.Select(p => p.Name));
    }
}
