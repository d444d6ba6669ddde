namespace Orrery.Storage.Metrics.Blocks;

/// <summary>What a metric block holds (its meta.json).</summary>
public sealed record BlockMeta(string Id, long MinTimeMs, long MaxTimeMs, long NumSeries, long NumChunks, long NumSamples, int Level, long SizeBytes);
