using Orrery.Storage.Encodings;

namespace Orrery.Storage.Logs.Blocks;

/// <summary>Where a chunk lies in a block's <c>chunks</c> file and what the index knows of it without reading it.</summary>
public readonly record struct LogChunkRef(
    int Stream,
    long Offset,
    int Length,
    long MinTimeNs,
    long MaxTimeNs,
    int Lines,
    long RawBytes,
    long LineBytes,
    BloomFilter Bloom)
{
    /// <summary>
    /// True when the index has an id filter for the chunk (index version 3; FORMAT.md, "Chunk id
    /// filter"); <see cref="Ids"/> is then null when no line of the chunk holds an id run.
    /// </summary>
    public bool HasIdFilter { get; init; }

    /// <summary>The chunk's id filter (<see cref="IdTokens"/>), when it has one and any keys.</summary>
    public BloomFilter? Ids { get; init; }

    /// <summary>False when some window of a required substring is absent: no line of the chunk contains it.</summary>
    public bool MayContainAll(IReadOnlyList<List<uint>> requiredGrams)
    {
        foreach (var grams in requiredGrams)
        {
            foreach (var g in grams)
            {
                if (!Bloom.MayContain(LineGrams.Key(g))) return false;
            }
        }
        return true;
    }

    /// <summary>
    /// False when the chunk lacks a key some required substring needs (a 4-byte window in the
    /// bloom, or an id key in the id filter): then no line of the chunk contains it.
    /// </summary>
    public bool MayContainAll(RequiredKeys required)
    {
        ArgumentNullException.ThrowIfNull(required);
        if (!MayContainAll(required.Grams)) return false;
        if (!HasIdFilter) return true;
        foreach (var keys in required.Ids)
        {
            if (Ids is null) return false;
            foreach (var k in keys)
            {
                if (!Ids.MayContain(k)) return false;
            }
        }
        return true;
    }
}

/// <summary>One stream of a block: its labels and its chunks (a contiguous run of the block's chunks, oldest first).</summary>
public sealed record LogBlockStream(Signals.Labels.LabelSet Labels, int FirstChunk, int ChunkCount, long MinTimeNs, long MaxTimeNs);
