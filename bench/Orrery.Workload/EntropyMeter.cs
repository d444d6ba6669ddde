namespace Orrery.Workload;

/// <summary>
/// Adds up the information content of the generator's random choices: choosing uniformly
/// among n options carries log2(n) bits. Divided by the span count it is the lower bound on
/// bytes per span that no lossless encoding can beat, so a storage figure can be read against it.
/// </summary>
public sealed class EntropyMeter
{
    public double Bits { get; private set; }

    public int Choose(Random random, int n)
    {
        Bits += Math.Log2(n);
        return random.Next(n);
    }

    public long ChooseLong(Random random, long n)
    {
        Bits += Math.Log2(n);
        return random.NextInt64(n);
    }

    public void AddRandomBits(int bits) => Bits += bits;

    public void AddBits(double bits) => Bits += bits;
}

/// <summary>Combinatorial helpers for <see cref="EntropyMeter"/>.</summary>
public static class EntropyMeterExtensions
{
    /// <summary>Adds log2(C(n, k)): the information in choosing a k-subset of n.</summary>
    public static void AddKeySetBits(this EntropyMeter meter, int n, int k)
    {
        double bits = 0;
        for (var i = 0; i < k; i++) bits += Math.Log2(n - i) - Math.Log2(i + 1);
        meter.AddBits(bits);
    }
}
