using System.Globalization;
using Orrery.Storage.Metrics;

namespace Orrery.Api.Prometheus;

/// <summary><c>/api/v1/metadata</c>: type, help and unit per metric family.</summary>
internal sealed class MetadataHandler(IMetricReader reader)
{
    /// <summary>Families are plenty at 10k (a large Prometheus has a few thousand); the bound keeps a response small.</summary>
    private const int MaxFamilies = 10_000;

    public PrometheusResult Handle(string tenant, PrometheusForm form)
    {
        // Negative means "no limit" for both, as in Prometheus.
        if (!TryGetNumber(form, "limit", out var limit)) return BadData("limit must be a number");
        if (!TryGetNumber(form, "limit_per_metric", out var limitPerMetric)) return BadData("limit_per_metric must be a number");
        var metric = form.Get("metric");
        var families = limit < 0 || limit > MaxFamilies ? MaxFamilies : limit;
        var metadata = families == 0
            ? new Dictionary<string, IReadOnlyList<MetricMetadata>>()
            : reader.Metadata(tenant, metric.Length == 0 ? null : metric, families);
        var result = new List<KeyValuePair<string, IReadOnlyList<MetricMetadata>>>(metadata.Count);
        // Go writes a map with its keys sorted; so do we, whatever order the store keeps.
        foreach (var name in metadata.Keys.Order(StringComparer.Ordinal))
        {
            var entries = metadata[name];
            if (limitPerMetric >= 0 && entries.Count > limitPerMetric) entries = entries.Take(limitPerMetric).ToArray();
            if (entries.Count > 0) result.Add(new(name, entries));
        }
        return new MetadataData(result);
    }

    private static bool TryGetNumber(PrometheusForm form, string name, out int value)
    {
        value = -1;
        var text = form.Get(name);
        return text.Length == 0 || int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private static PrometheusError BadData(string message) => new(PrometheusErrorType.BadData, message);
}
