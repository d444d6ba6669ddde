using System.Globalization;

namespace Orrery.Api.Metrics;

/// <summary>
/// Picks the format from a scraper's <c>Accept</c> header. Prometheus sends
/// <c>application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1</c>;
/// browsers and curl send <c>*/*</c> or <c>text/html…</c> and get text.
/// </summary>
public static class ExpositionNegotiation
{
    public const string TextContentType = "text/plain; version=0.0.4; charset=utf-8";
    public const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private const string OpenMetricsMediaType = "application/openmetrics-text";

    /// <summary>OpenMetrics when the header ranks it at least as high as text, text otherwise (and when absent).</summary>
    public static ExpositionFormat Negotiate(string? accept)
    {
        double openMetrics = 0, text = 0;
        foreach (var range in (accept ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = range.Split(';', StringSplitOptions.TrimEntries);
            var mediaType = parts[0].ToLowerInvariant();
            string? version = null;
            var quality = 1.0;
            foreach (var parameter in parts.AsSpan(1))
            {
                var eq = parameter.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0) continue;
                var name = parameter[..eq].Trim().ToLowerInvariant();
                var value = parameter[(eq + 1)..].Trim().Trim('"');
                if (name == "q" && !double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out quality)) quality = 0;
                else if (name == "version") version = value;
            }
            if (mediaType == OpenMetricsMediaType && version is null or "1.0.0" or "0.0.1") openMetrics = Math.Max(openMetrics, quality);
            else if ((mediaType == "text/plain" && version is null or "0.0.4") || mediaType is "text/*" or "*/*") text = Math.Max(text, quality);
        }
        return openMetrics > 0 && openMetrics >= text ? ExpositionFormat.OpenMetrics : ExpositionFormat.Text;
    }

    public static string ContentType(ExpositionFormat format) =>
        format == ExpositionFormat.OpenMetrics ? OpenMetricsContentType : TextContentType;
}
