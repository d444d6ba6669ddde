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

    /// <summary>
    /// Brotli quality 0–11 of page columns. 3 is measured to be within 0.5% of 5 in size at
    /// ~60% of its compression time (FORMAT.md, "Choices"): after the dictionary and the key
    /// table, what is left is mostly near-random ids that higher qualities cannot model better.
    /// </summary>
    public int BrotliQuality { get; init; } = 3;

    /// <summary>
    /// Brotli quality of the index sections. The dictionary dominates them; quality 5 spent as much
    /// time on it as on all pages together for 0.3% of the block's size.
    /// </summary>
    public int IndexBrotliQuality { get; init; } = 3;

    /// <summary>Brotli window, log2 of bytes (10–24).</summary>
    public int BrotliWindow { get; init; } = 22;
}
