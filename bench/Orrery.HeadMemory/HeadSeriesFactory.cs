using Orrery.Storage.Metrics.Embedded;

namespace Orrery.HeadMemory;

/// <summary>The head's series registry as <c>TenantHead</c> builds it, for the breakdown.</summary>
internal static class HeadSeriesFactory
{
    public static HeadSeries Create(int id, int[] pairs, int metricName) => new(id, pairs, metricName);

    public static SeriesByHash NewHashRegistry() => new();

    public static void Register(SeriesByHash registry, ulong hash, HeadSeries series) => registry.Add(hash, series.Id);
}
