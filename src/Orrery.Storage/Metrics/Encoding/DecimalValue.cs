namespace Orrery.Storage.Metrics.Encoding;

/// <summary>
/// Exact decimal form of a double: <c>v == m / 10^e</c> bit for bit, with |m| &lt; 2^53. Counters,
/// bucket counts and most gauges (bytes, 2-decimal readings) have one with a small e, and the
/// integer m compresses far better than the double's bits (deltas of a few bits instead of XORs
/// of a changing mantissa). m / 10^e is exact to decode: both are exact doubles (10^e for e ≤ 22)
/// and IEEE division rounds correctly, which is also how "12.34" was parsed into v.
/// </summary>
internal static class DecimalValue
{
    /// <summary>Highest exponent tried; beyond it values are rarely decimal at all.</summary>
    public const int MaxExponent = 12;

    /// <summary>2^53: integers below it are exact doubles.</summary>
    public const long MaxMantissa = 1L << 53;

    private static readonly double[] s_pow10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    public static double Pow10(int exponent) => s_pow10[exponent];

    public static double Decode(long mantissa, int exponent) =>
        exponent == 0 ? mantissa : mantissa / s_pow10[exponent];

    public static bool TryEncode(double value, int exponent, out long mantissa)
    {
        mantissa = 0;
        if (!double.IsFinite(value) || (value == 0 && double.IsNegative(value))) return false;
        var scaled = value * s_pow10[exponent];
        if (!(Math.Abs(scaled) < MaxMantissa)) return false;
        mantissa = (long)Math.Round(scaled);
        return BitConverter.DoubleToUInt64Bits(Decode(mantissa, exponent)) == BitConverter.DoubleToUInt64Bits(value);
    }

    /// <summary>The smallest exponent ≥ <paramref name="from"/> at which <paramref name="value"/> is exact, or -1.</summary>
    public static int FindExponent(double value, int from)
    {
        for (var e = from; e <= MaxExponent; e++)
        {
            if (TryEncode(value, e, out _)) return e;
        }
        return -1;
    }

    /// <summary>A value no exponent can carry but which a decimal chunk stores as an exception.</summary>
    public static bool IsSpecial(double value) => !double.IsFinite(value) || (value == 0 && double.IsNegative(value));
}
