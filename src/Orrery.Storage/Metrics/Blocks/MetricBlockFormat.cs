namespace Orrery.Storage.Metrics.Blocks;

/// <summary>Names, magics and the version of the metric block format (FORMAT.md).</summary>
internal static class MetricBlockFormat
{
    public const int Version = 1;
    public const string ChunksFile = "chunks";
    public const string IndexFile = "index";
    public const string MetaFile = "meta.json";
    public const string TempSuffix = ".tmp";

    /// <summary>"ORMC" + version + 3 reserved bytes.</summary>
    public const int ChunksHeaderSize = 8;
    public const uint ChunksMagic = 0x434D524F;

    /// <summary>"ORMI" + version + 3 reserved bytes.</summary>
    public const int IndexHeaderSize = 8;
    public const uint IndexMagic = 0x494D524F;

    /// <summary>Index sections, in file order.</summary>
    public const int SymbolsSection = 0;
    public const int SeriesSection = 1;
    public const int SeriesOffsetsSection = 2;
    public const int LabelIndexSection = 3;
    public const int PostingsSection = 4;
    public const int SectionCount = 5;

    /// <summary>Per section offset (u64), length (u64), CRC32C (u32); then the TOC's own CRC32C and the magic.</summary>
    public const int TocEntrySize = 20;
    public const int TocSize = SectionCount * TocEntrySize + 8;

    /// <summary>A chunk record is a varint length, the chunk, a CRC32C of the chunk.</summary>
    public const int ChunkCrcSize = 4;
}
