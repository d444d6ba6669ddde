namespace Orrery.Storage.Traces.Blocks;

/// <summary>Tuning of <see cref="TraceBlockWriter"/>; the defaults are measured (see FORMAT.md, "Choices").</summary>
internal sealed record BlockWriteOptions
{
    public static readonly BlockWriteOptions Default = new();

    /// <summary>
    /// A page is closed at the first trace boundary after this many spans. Smaller pages make a
    /// trace lookup decompress less; larger ones compress better.
    /// </summary>
    public int PageSpans { get; init; } = 1024;

    /// <summary>A single trace is split across pages only once the page holds this many times <see cref="PageSpans"/>.</summary>
    public int MaxPageFactor { get; init; } = 4;

    /// <summary>Brotli quality 0–11.</summary>
    public int BrotliQuality { get; init; } = 5;

    /// <summary>Brotli window, log2 of bytes (10–24).</summary>
    public int BrotliWindow { get; init; } = 22;
}
