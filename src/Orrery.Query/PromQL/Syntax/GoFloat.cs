using System.Globalization;

namespace Orrery.Query.PromQL.Syntax;

/// <summary>Go's float formatting as Prometheus's printer and messages use it.</summary>
internal static class GoFloat
{
    /// <summary>
    /// <c>fmt.Sprint(f)</c> (Go's shortest <c>%g</c>): the shortest digits that round-trip, in
    /// exponent form when the decimal exponent is below -4 or at least 6, so 1e6 prints as
    /// <c>1e+06</c> and 123456 as <c>123456</c>.
    /// </summary>
    public static string Format(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "+Inf";
        if (double.IsNegativeInfinity(value)) return "-Inf";
        if (value == 0) return double.IsNegative(value) ? "-0" : "0";

        // "E16" is not shortest; "R" is, so take its digits and exponent apart.
        var r = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var mantissa = r;
        var exponent = 0;
        var e = r.IndexOf('E');
        if (e >= 0)
        {
            mantissa = r[..e];
            exponent = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        var dot = mantissa.IndexOf('.');
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var pointPos = (dot < 0 ? mantissa.Length : dot) + exponent;
        var leadingZeros = 0;
        while (leadingZeros < digits.Length - 1 && digits[leadingZeros] == '0') leadingZeros++;
        digits = digits[leadingZeros..];
        pointPos -= leadingZeros;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";

        // Decimal exponent of the first digit, as Go computes it for %e/%g.
        var exp = pointPos - 1;
        string text;
        if (exp < -4 || exp >= 6)
        {
            var m = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            var absExp = Math.Abs(exp);
            text = m + "e" + (exp < 0 ? "-" : "+") + (absExp < 10 ? "0" : "") + absExp.ToString(CultureInfo.InvariantCulture);
        }
        else if (pointPos <= 0)
        {
            text = "0." + new string('0', -pointPos) + digits;
        }
        else if (pointPos >= digits.Length)
        {
            text = digits + new string('0', pointPos - digits.Length);
        }
        else
        {
            text = digits[..pointPos] + "." + digits[pointPos..];
        }
        return value < 0 ? "-" + text : text;
    }

    /// <summary>Go's <c>%f</c>: six decimals, with Go's spellings of infinities and NaN.</summary>
    public static string FormatFixed6(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "+Inf";
        if (double.IsNegativeInfinity(value)) return "-Inf";
        return value.ToString("F6", CultureInfo.InvariantCulture);
    }
}
