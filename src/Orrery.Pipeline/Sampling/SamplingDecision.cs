namespace Orrery.Pipeline.Sampling;

/// <summary>
/// A policy's verdict, as the collector's tail sampling processor has them. The inverted
/// verdicts come from <c>invert_match</c>: <see cref="InvertNotSampled"/> vetoes every other
/// policy, <see cref="InvertSampled"/> keeps the trace unless some policy said
/// <see cref="NotSampled"/>.
/// </summary>
public enum SamplingDecision : byte
{
    NotSampled,
    Sampled,
    InvertSampled,
    InvertNotSampled,
}

internal static class SamplingDecisions
{
    /// <summary>The collector's rule for combining the verdicts of all top-level policies.</summary>
    public static bool Combine(bool anySampled, bool anyNotSampled, bool anyInvertSampled, bool anyInvertNotSampled) =>
        !anyInvertNotSampled && (anySampled || anyInvertSampled && !anyNotSampled);

    public static string Name(SamplingDecision d) => d switch
    {
        SamplingDecision.Sampled => "sampled",
        SamplingDecision.NotSampled => "not_sampled",
        SamplingDecision.InvertSampled => "invert_sampled",
        _ => "invert_not_sampled",
    };
}
