namespace Orrery.Storage.Metrics.Blocks;

/// <summary>Names, magics and the version of the metric block format (FORMAT.md).</summary>
internal static class MetricBlockFormat
{
    /// <summary>Written by this build. 2: float chunks share timestamp columns held in the index.</summary>
    public const int Version = 2;

    /// <summary>The oldest version this build still reads (version 1 blocks have self-contained chunks only).</summary>
    public const int MinReadableVersion = 1;
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
    public const int TimestampColumnsSection = 5;
    public const int SectionCount = 6;

    public static bool IsReadable(long version) => version is >= MinReadableVersion and <= Version;

    /// <summary>Version 1 indexes have no timestamp columns section.</summary>
    public static int SectionCountOf(int version) => version >= 2 ? 6 : 5;

    /// <summary>Per section offset (u64), length (u64), CRC32C (u32); then the TOC's own CRC32C and the magic.</summary>
    public const int TocEntrySize = 20;
    public static int TocSizeOf(int version) => SectionCountOf(version) * TocEntrySize + 8;

    /// <summary>A chunk record is a varint length, the chunk, a CRC32C of the chunk.</summary>
    public const int ChunkCrcSize = 4;
}
