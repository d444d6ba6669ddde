namespace Orrery.Signals;

/// <summary>
/// A growable array of unmanaged rows with direct <c>ref</c> access, so decoders fill rows in
/// place. Unlike <see cref="List{T}"/>, it exposes the backing span without copying.
/// </summary>
public sealed class RowList<T> where T : unmanaged
{
    private T[] _rows;
    private int _count;

    public RowList(int initialCapacity = 16) => _rows = new T[Math.Max(4, initialCapacity)];

    public int Count => _count;

    public ref T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count) ThrowIndex(index);
            return ref _rows[index];
        }
    }

    public Span<T> AsSpan() => _rows.AsSpan(0, _count);

    /// <summary>Appends a default row and returns a reference to it, valid until the next add.</summary>
    public ref T Add()
    {
        if (_count == _rows.Length) Array.Resize(ref _rows, _rows.Length * 2);
        _rows[_count] = default;
        return ref _rows[_count++];
    }

    public int Add(in T row)
    {
        if (_count == _rows.Length) Array.Resize(ref _rows, _rows.Length * 2);
        _rows[_count] = row;
        return _count++;
    }

    public void AddRange(ReadOnlySpan<T> rows)
    {
        if (_count + rows.Length > _rows.Length) Array.Resize(ref _rows, Math.Max(_rows.Length * 2, _count + rows.Length));
        rows.CopyTo(_rows.AsSpan(_count));
        _count += rows.Length;
    }

    /// <summary>Drops rows after <paramref name="count"/>; used to undo a partly decoded item.</summary>
    public void Truncate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _count);
        _count = count;
    }

    public void Clear() => _count = 0;

    private static void ThrowIndex(int index) => throw new ArgumentOutOfRangeException(nameof(index), index, "row index out of range");
}
