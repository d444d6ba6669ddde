using Orrery.Signals.Metrics;

namespace Orrery.Query.PromQL.Functions;

/// <summary>
/// Native histogram arithmetic as Prometheus's <c>FloatHistogram</c> does it: operands of
/// different schemas are reduced to the coarser one, spans merged. Results are new instances.
/// </summary>
public static class HistogramMath
{
    public static NativeHistogram Add(NativeHistogram a, NativeHistogram b) => throw new NotImplementedException();

    public static NativeHistogram Sub(NativeHistogram a, NativeHistogram b) => throw new NotImplementedException();

    /// <summary>Multiplies counts, sum and every bucket by <paramref name="factor"/> (division is scaling by 1/x).</summary>
    public static NativeHistogram Scale(NativeHistogram h, double factor) => throw new NotImplementedException();
}
