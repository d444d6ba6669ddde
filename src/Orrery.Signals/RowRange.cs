namespace Orrery.Signals;

/// <summary>A contiguous run of rows in one of a batch's <see cref="RowList{T}"/>s.</summary>
public readonly record struct RowRange(int Start, int Count)
{
    public int End => Start + Count;
}
