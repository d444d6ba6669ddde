namespace Orrery.Storage.Logs.Blocks;

/// <summary>
/// What a chunk must hold for a line of it to contain every required substring: each
/// substring's 4-byte windows (<see cref="LineGrams"/>) and its id keys (<see cref="IdTokens"/>).
/// Substrings that give no key of a kind are left out of that kind's list.
/// </summary>
public sealed class RequiredKeys
{
    public RequiredKeys(IEnumerable<byte[]> substrings)
    {
        ArgumentNullException.ThrowIfNull(substrings);
        foreach (var s in substrings)
        {
            var grams = LineGrams.Of(s);
            if (grams.Count > 0) Grams.Add(grams);
            var ids = IdTokens.Of(s);
            if (ids.Count > 0) Ids.Add(ids);
        }
    }

    public List<List<uint>> Grams { get; } = [];

    public List<List<ulong>> Ids { get; } = [];

    /// <summary>True when no chunk can be skipped by these keys.</summary>
    public bool IsEmpty => Grams.Count == 0 && Ids.Count == 0;
}
