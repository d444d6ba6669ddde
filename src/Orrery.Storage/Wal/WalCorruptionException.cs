namespace Orrery.Storage.Wal;

/// <summary>A WAL record that cannot be used, with its location.</summary>
public sealed class WalCorruptionException : Exception
{
    public WalCorruptionException(int segment, long offset, string message, Exception? inner = null)
        : base($"WAL segment {segment} offset {offset}: {message}", inner)
    {
        Segment = segment;
        Offset = offset;
    }

    public int Segment { get; }

    public long Offset { get; }
}
