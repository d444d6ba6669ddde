using System.Globalization;
using System.Text;

namespace Orrery.Query.PromQL.Engine;

/// <summary>Float text as Go's <c>strconv.FormatFloat</c> writes it where Prometheus puts numbers into labels and messages.</summary>
internal static class GoFloat
{
    /// <summary><c>FormatFloat(v, 'f', -1, 64)</c>: the shortest digits that round-trip, never in exponent form.</summary>
    public static string FormatF(double v)
    {
        if (double.IsNaN(v)) return "NaN";
        if (double.IsPositiveInfinity(v)) return "+Inf";
        if (double.IsNegativeInfinity(v)) return "-Inf";
        var r = v.ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOf('E', StringComparison.Ordinal);
        if (e < 0) return r;

        var negative = r[0] == '-';
        var mantissa = r[(negative ? 1 : 0)..e];
        var exponent = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var pointAt = (dot < 0 ? mantissa.Length : dot) + exponent;
        var s = new StringBuilder();
        if (negative) s.Append('-');
        if (pointAt <= 0)
        {
            s.Append("0.").Append('0', -pointAt).Append(digits);
        }
        else if (pointAt >= digits.Length)
        {
            s.Append(digits).Append('0', pointAt - digits.Length);
        }
        else
        {
            s.Append(digits, 0, pointAt).Append('.').Append(digits, pointAt, digits.Length - pointAt);
        }
        return s.ToString();
    }

    /// <summary>Go's <c>%v</c> of a float64 (<c>'g'</c> with the shortest digits; exponent for large and small magnitudes).</summary>
    public static string FormatG(double v)
    {
        if (double.IsNaN(v)) return "NaN";
        if (double.IsPositiveInfinity(v)) return "+Inf";
        if (double.IsNegativeInfinity(v)) return "-Inf";
        var r = v.ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOf('E', StringComparison.Ordinal);
        if (e < 0) return r;
        var exponent = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return r[..e] + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }
}
