using System.Globalization;
using System.Text;

namespace Orrery.Pipeline.Connectors;

/// <summary>Names and numbers as Prometheus writes them.</summary>
internal static class MetricText
{
    /// <summary>
    /// An attribute name as a label name: characters outside <c>[a-zA-Z0-9_]</c> become '_', and
    /// a leading digit gets a '_' in front (<c>http.method</c> → <c>http_method</c>), as Tempo's
    /// metrics generator sanitizes dimensions.
    /// </summary>
    public static string LabelName(string attribute)
    {
        var sb = new StringBuilder(attribute.Length + 1);
        if (attribute.Length > 0 && char.IsAsciiDigit(attribute[0])) sb.Append('_');
        foreach (var c in attribute) sb.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        return sb.ToString();
    }

    /// <summary>A bucket bound as the <c>le</c> value Prometheus clients write (Go's shortest 'f' format, <c>+Inf</c>).</summary>
    public static string Le(double bound)
    {
        if (double.IsPositiveInfinity(bound)) return "+Inf";
        var text = bound.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('E', StringComparison.Ordinal) ? ((decimal)bound).ToString(CultureInfo.InvariantCulture) : text;
    }
}
