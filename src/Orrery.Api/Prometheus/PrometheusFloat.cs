using System.Globalization;
using System.Text;

namespace Orrery.Api.Prometheus;

/// <summary>
/// Floats and timestamps written exactly as Prometheus writes them, so clients that compare
/// strings (and tests against a real Prometheus) see the same text. Go's <c>strconv</c> and
/// .NET agree on the shortest round-trip digits; they differ only in where the decimal point
/// and exponent go, which is what this class decides.
/// </summary>
internal static class PrometheusFloat
{
    /// <summary>
    /// A sample or exemplar value in the HTTP API (<c>jsonutil.MarshalValue</c>): plain decimal
    /// for magnitudes in [1e-6, 1e21), exponent form outside, and NaN/+Inf/-Inf by name.
    /// </summary>
    public static string FormatValue(double value)
    {
        if (!double.IsFinite(value)) return NonFinite(value);
        var abs = Math.Abs(value);
        var exponentForm = abs != 0 && (abs < 1e-6 || abs >= 1e21);
        return exponentForm ? Format(value, 'e') : Format(value, 'f');
    }

    /// <summary>
    /// Go's <c>strconv.FormatFloat(v, 'g', -1, 64)</c> with ".0" added to integers: the form
    /// OpenMetrics exposers use for <c>le</c> and <c>quantile</c> label values.
    /// </summary>
    public static string FormatCanonical(double value)
    {
        if (!double.IsFinite(value)) return NonFinite(value);
        var text = Format(value, 'g');
        return text.AsSpan().IndexOfAny('.', 'e') < 0 ? text + ".0" : text;
    }

    /// <summary>Milliseconds as float seconds, Prometheus's <c>jsonutil.MarshalTimestamp</c>: "1.5" is written "1.500".</summary>
    public static string FormatTimestamp(long milliseconds)
    {
        var text = new StringBuilder(24);
        var magnitude = (ulong)milliseconds;
        if (milliseconds < 0)
        {
            text.Append('-');
            magnitude = (ulong)-(milliseconds + 1) + 1;
        }
        text.Append((magnitude / 1000).ToString(CultureInfo.InvariantCulture));
        var fraction = magnitude % 1000;
        if (fraction != 0) text.Append('.').Append(fraction.ToString("000", CultureInfo.InvariantCulture));
        return text.ToString();
    }

    private static string NonFinite(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";

    /// <summary>Go's formats 'f', 'e' and 'g' with the shortest precision that round-trips.</summary>
    private static string Format(double value, char format)
    {
        var negative = double.IsNegative(value);
        var (digits, point) = ShortestDigits(Math.Abs(value));
        var text = new StringBuilder(digits.Length + 8);
        if (negative) text.Append('-');
        if (digits == "0") return text.Append('0').ToString();
        var exponent = point - 1;
        // Go decides 'g' with precision 6 when the shortest form is asked for.
        if (format == 'g') format = exponent < -4 || exponent >= 6 ? 'e' : 'f';
        if (format == 'e')
        {
            text.Append(digits[0]);
            if (digits.Length > 1) text.Append('.').Append(digits, 1, digits.Length - 1);
            text.Append('e').Append(exponent < 0 ? '-' : '+');
            return text.Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture)).ToString();
        }
        if (point <= 0) return text.Append("0.").Append('0', -point).Append(digits).ToString();
        if (point >= digits.Length) return text.Append(digits).Append('0', point - digits.Length).ToString();
        return text.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point).ToString();
    }

    /// <summary>
    /// The shortest round-trip digits of a non-negative finite value and the position of the
    /// decimal point (value = 0.digits × 10^point), taken apart from .NET's "R" form.
    /// </summary>
    private static (string Digits, int Point) ShortestDigits(double abs)
    {
        var r = abs.ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = r.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            exponent = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..e];
        }
        var dot = r.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = dot >= 0 ? dot : r.Length;
        var digits = dot >= 0 ? r.Remove(dot, 1) : r;
        var leading = 0;
        while (leading < digits.Length - 1 && digits[leading] == '0') leading++;
        digits = digits[leading..].TrimEnd('0');
        if (digits.Length == 0) return ("0", 0);
        return (digits, integerDigits - leading + exponent);
    }
}
