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
}

/// <summary>One stream of a block: its labels and its chunks (a contiguous run of the block's chunks, oldest first).</summary>
public sealed record LogBlockStream(Signals.Labels.LabelSet Labels, int FirstChunk, int ChunkCount, long MinTimeNs, long MaxTimeNs);
