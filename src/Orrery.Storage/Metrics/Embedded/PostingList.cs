namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// A growable sorted list of series ids. Ids are assigned in increasing order, so adding is an
/// append; only replay can bring an older id, which is inserted in place.
/// </summary>
internal sealed class PostingList
{
    private int[] _ids = new int[2];

    public int Count { get; private set; }

    public ReadOnlySpan<int> Ids => _ids.AsSpan(0, Count);

    public void Add(int id)
    {
        if (Count == _ids.Length) Array.Resize(ref _ids, _ids.Length * 2);
        if (Count == 0 || _ids[Count - 1] < id)
        {
            _ids[Count++] = id;
            return;
        }
        var at = _ids.AsSpan(0, Count).BinarySearch(id);
        if (at >= 0) return;
        at = ~at;
        Array.Copy(_ids, at, _ids, at + 1, Count - at);
        _ids[at] = id;
        Count++;
    }

    /// <summary>Drops the ids in <paramref name="removed"/>, keeping order.</summary>
    public void RemoveAll(HashSet<int> removed)
    {
        var kept = 0;
        for (var i = 0; i < Count; i++)
        {
            if (!removed.Contains(_ids[i])) _ids[kept++] = _ids[i];
        }
        Count = kept;
        if (Count < _ids.Length / 4 && _ids.Length > 8) Array.Resize(ref _ids, Math.Max(2, Count * 2));
    }

    public int[] ToArray() => Ids.ToArray();
}
