namespace Orrery.Storage.Logs.Blocks;

/// <summary>The distinct id-filter keys of a chunk (<see cref="IdTokens"/>): already mixed, never 0.</summary>
public sealed class IdKeySet(int initialCapacity = 1 << 12) : DistinctKeys<ulong>(initialCapacity);
