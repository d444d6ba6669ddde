namespace Orrery.Storage.Wal;

/// <summary>Where a record starts: segment number and byte offset. Ordered like the log itself.</summary>
public readonly record struct WalPosition(int Segment, long Offset) : IComparable<WalPosition>
{
    public int CompareTo(WalPosition other)
    {
        var c = Segment.CompareTo(other.Segment);
        return c != 0 ? c : Offset.CompareTo(other.Offset);
    }

    public static bool operator <(WalPosition a, WalPosition b) => a.CompareTo(b) < 0;
    public static bool operator >(WalPosition a, WalPosition b) => a.CompareTo(b) > 0;
    public static bool operator <=(WalPosition a, WalPosition b) => a.CompareTo(b) <= 0;
    public static bool operator >=(WalPosition a, WalPosition b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"segment {Segment} offset {Offset}";
}
