namespace Orrery.Signals.Otlp;

/// <summary>
/// Rows grouped by the row they point at (samples by series, log records by stream) with one
/// counting sort; row order is kept inside each group, so samples of a series stay in the
/// order they were added.
/// </summary>
internal sealed class RowGroups
{
    private readonly int[] _start;
    private readonly int[] _order;

    /// <param name="owners">How many groups there are.</param>
    /// <param name="ownerOfRow">The group of each row.</param>
    public RowGroups(int owners, ReadOnlySpan<int> ownerOfRow)
    {
        _start = new int[owners + 1];
        foreach (var owner in ownerOfRow) _start[owner + 1]++;
        for (var o = 0; o < owners; o++) _start[o + 1] += _start[o];
        _order = new int[ownerOfRow.Length];
        var next = _start[..^1];
        for (var i = 0; i < ownerOfRow.Length; i++) _order[next[ownerOfRow[i]]++] = i;
    }

    public ReadOnlySpan<int> RowsOf(int owner) => _order.AsSpan(_start[owner], _start[owner + 1] - _start[owner]);

    public int CountOf(int owner) => _start[owner + 1] - _start[owner];
}
