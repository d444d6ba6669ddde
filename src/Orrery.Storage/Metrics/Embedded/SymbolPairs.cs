namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// A head series' labels as (name, value) symbol id pairs, sorted by name. Stored as 16-bit ids
/// while every id fits (a tenant with fewer than 65,536 distinct label strings: 2 bytes a symbol
/// instead of 4, ~24 bytes a series of 6 labels), else as 32-bit ids.
/// </summary>
internal readonly struct SymbolPairs
{
    private readonly Array _ids;

    public SymbolPairs(int[] ids)
    {
        var narrow = true;
        foreach (var id in ids) narrow &= (uint)id <= ushort.MaxValue;
        if (!narrow)
        {
            _ids = ids;
            return;
        }
        var small = new ushort[ids.Length];
        for (var i = 0; i < ids.Length; i++) small[i] = (ushort)ids[i];
        _ids = small;
    }

    /// <summary>Ids in the pairs: twice the label count.</summary>
    public int Length => _ids.Length;

    public int this[int index] => _ids is ushort[] narrow ? narrow[index] : ((int[])_ids)[index];
}
