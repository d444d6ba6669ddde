namespace Orrery.Storage.Metrics.Blocks;

/// <summary>
/// Where a chunk of a series lies in the chunks file and what time it covers (from the index);
/// <see cref="Column"/> is the index of its shared timestamp column, -1 for a self-contained chunk.
/// </summary>
internal readonly record struct ChunkMeta(long MinTimeMs, long MaxTimeMs, long Offset, int Length, int Column = -1);
