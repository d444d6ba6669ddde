using Orrery.Pipeline.Components;

namespace Orrery.Pipeline.Sampling;

/// <summary>The <c>tail_sampling</c> processor's settings, in the collector's shape plus <c>respect_sampled_flag</c>.</summary>
public sealed record TailSamplingSettings
{
    /// <summary>How long after a trace's first span it is decided (collector default 10 s).</summary>
    public TimeSpan DecisionWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Undecided traces held at most (collector default 50 000). At a few kB per buffered trace of
    /// ten spans (the spans stay in their arrival batches) that is a few hundred MB at worst.
    /// </summary>
    public int NumTraces { get; init; } = 50_000;

    /// <summary>Kept trace ids remembered for late spans. Twice num_traces covers a full buffer being decided while the previous one's late spans still arrive.</summary>
    public int SampledCacheSize { get; init; } = 100_000;

    public int NonSampledCacheSize { get; init; } = 100_000;

    /// <summary>
    /// Drop spans whose W3C sampled flag was explicitly cleared upstream (head sampling said no).
    /// Spans with flags 0 carry no flag information (older OTLP producers) and go to the policies.
    /// </summary>
    public bool RespectSampledFlag { get; init; } = true;

    public IReadOnlyList<ISamplingPolicy> Policies { get; init; } = [];

    /// <summary>Stop at the first policy that says Sampled (later policies are not run or counted), as the collector's option does.</summary>
    public bool SampleOnFirstMatch { get; init; }

    /// <summary>Spans per batch the kept rows of partly kept batches are gathered into (not configurable: tests set it small).</summary>
    internal int GatherSpans { get; init; } = TailSamplingProcessor.DefaultGatherSpans;

    internal static readonly string[] Keys =
        ["decision_wait", "num_traces", "expected_new_traces_per_sec", "policies", "decision_cache", "respect_sampled_flag", "sample_on_first_match"];

    public static TailSamplingSettings Parse(ComponentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.RejectUnknownKeys(Keys);
        var wait = settings.GetDuration("decision_wait", TimeSpan.FromSeconds(10));
        if (wait < TimeSpan.Zero) throw new PipelineConfigException($"{settings.Id}: decision_wait must not be negative", settings.Line);
        var numTraces = settings.GetInt64("num_traces", 50_000);
        if (numTraces is <= 0 or > 10_000_000) throw new PipelineConfigException($"{settings.Id}: num_traces must be between 1 and 10000000", settings.Line);
        _ = settings.GetInt64("expected_new_traces_per_sec", 0);
        var cache = settings.GetSection("decision_cache");
        cache?.RejectUnknownKeys("sampled_cache_size", "non_sampled_cache_size");
        var sampledCache = cache?.GetInt64("sampled_cache_size", numTraces * 2) ?? numTraces * 2;
        var droppedCache = cache?.GetInt64("non_sampled_cache_size", numTraces * 2) ?? numTraces * 2;
        if (sampledCache is < 0 or > 100_000_000 || droppedCache is < 0 or > 100_000_000)
            throw new PipelineConfigException($"{settings.Id}: decision_cache sizes must be between 0 and 100000000", cache?.Line ?? settings.Line);
        var policies = SamplingPolicyParser.ParseAll(settings);
        if (policies.Count == 0) throw new PipelineConfigException($"{settings.Id}: 'policies' must list at least one policy", settings.Line);
        return new TailSamplingSettings
        {
            DecisionWait = wait,
            NumTraces = (int)numTraces,
            SampledCacheSize = (int)sampledCache,
            NonSampledCacheSize = (int)droppedCache,
            RespectSampledFlag = settings.GetBool("respect_sampled_flag", true),
            SampleOnFirstMatch = settings.GetBool("sample_on_first_match", false),
            Policies = policies,
        };
    }
}
