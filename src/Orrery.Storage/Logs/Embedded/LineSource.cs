namespace Orrery.Storage.Logs.Embedded;

/// <summary>
/// One sorted run of a stream's lines (a head snapshot or a block chunk) that a
/// <see cref="MergedStreamCursor"/> merges with the others. Opened lazily: its bounds say when
/// the merge needs it, so a query that stops early never decodes the chunks it did not reach.
/// </summary>
internal abstract class LineSource : IDisposable
{
    /// <summary>Bounds of the lines the source may yield (before it is opened).</summary>
    public abstract long MinTimestamp { get; }

    public abstract long MaxTimestamp { get; }

    /// <summary>Starts preparing the source on another thread ahead of <see cref="Open"/>, when that pays (block chunks); the default does nothing.</summary>
    public virtual void Prefetch()
    {
    }

    /// <summary>Positions on the first line in the range and direction; false when there is none.</summary>
    public abstract bool Open(long start, long end, bool backward);

    /// <summary>Moves to the next line in the direction; false at the end of the range.</summary>
    public abstract bool Advance();

    public abstract long Timestamp { get; }

    public abstract ReadOnlySpan<byte> Line { get; }

    public abstract int MetadataCount { get; }

    public abstract ReadOnlySpan<byte> MetadataName(int index);

    public abstract ReadOnlySpan<byte> MetadataValue(int index);

    public virtual void Dispose()
    {
    }
}
