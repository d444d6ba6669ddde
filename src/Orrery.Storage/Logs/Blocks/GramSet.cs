namespace Orrery.Storage.Logs.Blocks;

/// <summary>The distinct 4-byte windows of a chunk (<see cref="LineGrams"/>); a window of word bytes is never 0.</summary>
public sealed class GramSet(int initialCapacity = 1 << 14) : DistinctKeys<uint>(initialCapacity)
{
    /// <summary>Windows are raw bytes, so the filter takes them mixed (<see cref="LineGrams.Key"/>).</summary>
    protected override ulong BloomKey(uint gram) => LineGrams.Key(gram);
}
