namespace Orrery.Generate.Logs;

/// <summary>The streams and lines of <c>orrery gen logs</c>.</summary>
/// <param name="Streams">Streams (distinct label sets) over all workers.</param>
/// <param name="LineSize">Pad lines to about this many bytes; 0 keeps their natural length (80–250 bytes).</param>
public sealed record LogsShapeOptions(int Streams = 10, int LineSize = 0)
{
    /// <summary>Longest line a worker builds; Loki's default per-line limit is 256 KiB.</summary>
    public const int MaxLineSize = 256 * 1024;

    public void Validate()
    {
        if (Streams < 1) throw new ArgumentException($"streams must be >= 1, not {Streams}");
        if (LineSize is < 0 or > MaxLineSize) throw new ArgumentException($"line size must be between 0 and {MaxLineSize}, not {LineSize}");
    }
}
