namespace Orrery.Query.PromQL.Functions;

/// <summary>Kahan–Neumaier compensated summation as Prometheus's <c>kahanSumInc</c> does it.</summary>
internal static class KahanSum
{
    /// <summary>Adds <paramref name="inc"/> to <paramref name="sum"/>, accumulating the lost low bits in <paramref name="c"/>.</summary>
    public static void Inc(double inc, ref double sum, ref double c)
    {
        var t = sum + inc;
        // Neumaier: compensate with whichever operand is larger in magnitude.
        if (Math.Abs(sum) >= Math.Abs(inc)) c += (sum - t) + inc;
        else c += (inc - t) + sum;
        sum = t;
    }
}
