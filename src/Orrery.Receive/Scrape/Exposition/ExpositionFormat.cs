namespace Orrery.Receive.Scrape.Exposition;

/// <summary>The two text formats a Prometheus target may answer in.</summary>
public enum ExpositionFormat
{
    /// <summary>The Prometheus text exposition format 0.0.4 (<c>text/plain; version=0.0.4</c>).</summary>
    PrometheusText,
    /// <summary>OpenMetrics 1.0 text (<c>application/openmetrics-text</c>): seconds timestamps, exemplars, <c># EOF</c>.</summary>
    OpenMetrics,
}

public static class ExpositionFormats
{
    /// <summary>
    /// The Accept header Prometheus 2.42 sends: OpenMetrics preferred, the 0.0.4 text format as
    /// the fallback every exporter speaks.
    /// </summary>
    public const string AcceptHeader =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    /// <summary>
    /// Which parser a response's Content-Type calls for. As Prometheus does, anything that is not
    /// OpenMetrics (including a missing or unknown type) is read as the text format.
    /// </summary>
    public static ExpositionFormat FromContentType(string? contentType)
    {
        if (contentType is null) return ExpositionFormat.PrometheusText;
        var semicolon = contentType.IndexOf(';');
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return mediaType.Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase)
            ? ExpositionFormat.OpenMetrics
            : ExpositionFormat.PrometheusText;
    }
}
