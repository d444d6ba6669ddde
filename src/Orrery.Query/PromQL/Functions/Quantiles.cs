namespace Orrery.Query.PromQL.Functions;

/// <summary>
/// Prometheus's <c>quantile</c> over a set of floats (linear interpolation between closest ranks,
/// NaN sorting first as Go's comparator does), on a per-thread scratch buffer so the per-step
/// range functions allocate nothing once warmed up.
/// </summary>
internal static class Quantiles
{
    [ThreadStatic]
    private static double[]? t_scratch;

    [ThreadStatic]
    private static double[]? t_scratch2;

    /// <summary>A scratch buffer of at least <paramref name="length"/> values for the calling thread.</summary>
    public static Span<double> Scratch(int length, bool second = false)
    {
        ref var buffer = ref second ? ref t_scratch2 : ref t_scratch;
        if (buffer is null || buffer.Length < length) buffer = new double[Math.Max(length, 64)];
        return buffer.AsSpan(0, length);
    }

    /// <summary>The φ-quantile of <paramref name="values"/>; sorts them in place.</summary>
    public static double OfUnsorted(double q, Span<double> values)
    {
        if (values.Length == 0 || double.IsNaN(q)) return double.NaN;
        if (q < 0) return double.NegativeInfinity;
        if (q > 1) return double.PositiveInfinity;
        // double's ordering puts NaN before everything, like Go's vectorByValueHeap.Less.
        values.Sort();
        var n = (double)values.Length;
        var rank = q * (n - 1);
        var lower = Math.Max(0, Math.Floor(rank));
        var upper = Math.Min(n - 1, lower + 1);
        var weight = rank - Math.Floor(rank);
        return values[(int)lower] * (1 - weight) + values[(int)upper] * weight;
    }
}
