using System.Globalization;

namespace Orrery.Receive.Otlp.Metrics;

/// <summary>
/// Floats as label values (<c>le</c>, <c>quantile</c>): the shortest text that reads back as the
/// same double, in plain decimal notation (<c>0.00001</c>, not <c>1E-05</c>), and
/// <c>+Inf</c>/<c>-Inf</c>/<c>NaN</c> as Prometheus spells them.
/// </summary>
public static class PrometheusFloat
{
    public static string Format(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "+Inf";
        if (double.IsNegativeInfinity(value)) return "-Inf";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0) return text;

        // Expand d.dddE±x into plain notation.
        var negative = text[0] == '-';
        var mantissa = text[(negative ? 1 : 0)..e];
        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var integerDigits = (point < 0 ? mantissa.Length : point) + exponent;
        string plain;
        if (integerDigits <= 0) plain = "0." + new string('0', -integerDigits) + digits;
        else if (integerDigits >= digits.Length) plain = digits + new string('0', integerDigits - digits.Length);
        else plain = digits[..integerDigits] + "." + digits[integerDigits..];
        return negative ? "-" + plain : plain;
    }
}
