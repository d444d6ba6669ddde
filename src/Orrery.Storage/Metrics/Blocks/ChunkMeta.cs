namespace Orrery.Storage.Metrics.Blocks;

/// <summary>Where a chunk of a series lies in the chunks file and what time it covers (from the index).</summary>
internal readonly record struct ChunkMeta(long MinTimeMs, long MaxTimeMs, long Offset, int Length);
