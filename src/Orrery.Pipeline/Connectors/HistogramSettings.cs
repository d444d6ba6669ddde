using System.Globalization;
using Orrery.Pipeline.Components;
using YamlDotNet.RepresentationModel;

namespace Orrery.Pipeline.Connectors;

/// <summary>
/// The <c>histogram</c> section of a connector: <c>explicit.buckets</c> (durations such as
/// <c>100ms</c>, or plain numbers in seconds) or <c>exponential.max_size</c> for a native
/// histogram. Values are always in seconds, as the metric names say.
/// </summary>
public sealed record HistogramSettings(double[] Buckets, int? ExponentialMaxSize)
{
    /// <summary>Collector default for exponential histograms: 160 buckets.</summary>
    public const int DefaultMaxSize = 160;

    public bool Native => ExponentialMaxSize is not null;

    public static HistogramSettings Parse(ComponentSettings? section, double[] defaultBuckets)
    {
        if (section is null) return new HistogramSettings(defaultBuckets, null);
        section.RejectUnknownKeys("explicit", "exponential", "unit", "disable");
        var unit = section.GetString("unit", "s");
        if (unit != "s") throw new PipelineConfigException($"{section.Id}: unit must be 's' (Orrery writes seconds, as the metric names say)", section.Line);
        var exponential = section.GetSection("exponential");
        var explicitSection = section.GetSection("explicit");
        if (exponential is not null && explicitSection is not null)
            throw new PipelineConfigException($"{section.Id}: set explicit or exponential, not both", section.Line);
        if (exponential is not null)
        {
            exponential.RejectUnknownKeys("max_size");
            var max = exponential.GetInt64("max_size", DefaultMaxSize);
            if (max is < 2 or > 10_000) throw new PipelineConfigException($"{exponential.Id}: max_size must be between 2 and 10000", exponential.Line);
            return new HistogramSettings(defaultBuckets, (int)max);
        }
        if (explicitSection is null) return new HistogramSettings(defaultBuckets, null);
        explicitSection.RejectUnknownKeys("buckets");
        if (explicitSection.Get("buckets") is not YamlSequenceNode seq) return new HistogramSettings(defaultBuckets, null);
        var buckets = seq.Children.Select(n => Bound(explicitSection, n)).ToArray();
        if (buckets.Length == 0) throw new PipelineConfigException($"{explicitSection.Id}: buckets must list at least one bound", explicitSection.Line);
        for (var i = 1; i < buckets.Length; i++)
        {
            if (buckets[i] <= buckets[i - 1]) throw new PipelineConfigException($"{explicitSection.Id}: buckets must be strictly increasing", (int)seq.Start.Line);
        }
        return new HistogramSettings(buckets, null);
    }

    private static double Bound(ComponentSettings owner, YamlNode node)
    {
        var text = (node as YamlScalarNode)?.Value ?? "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && double.IsFinite(seconds)) return seconds;
        if (DurationText.TryParse(text, out var d) && d > TimeSpan.Zero) return d.TotalSeconds;
        throw ComponentSettings.Error(node, $"{owner.Id}: bucket '{text}' must be a positive duration (100ms) or number of seconds");
    }
}
