namespace Orrery.Storage.Traces.Blocks;

/// <summary>Constants of the trace block format; FORMAT.md next to this file is the specification.</summary>
internal static class BlockFormat
{
    /// <summary>Bumped on any incompatible change; a reader refuses versions it does not know.</summary>
    public const int Version = 3;

    /// <summary>Format 2 (one checksum per page, directory inside the page) is still read; only 3 is written.</summary>
    public static bool IsReadable(uint version) => version is 2 or Version;

    public const string DataFileName = "spans.data";
    public const string IndexFileName = "spans.index";
    public const string MetaFileName = "meta.json";
    public const string TempSuffix = ".tmp";

    /// <summary>"OBD1" / "OBI1" little-endian: lets a reader reject a wrong file before parsing it.</summary>
    public const uint DataMagic = 0x3144424F;
    public const uint IndexMagic = 0x3149424F;

    /// <summary>Magic + version.</summary>
    public const int FileHeaderLength = 8;

    /// <summary>
    /// Strings up to this length go to the block dictionary; longer ones (stack traces, SQL) are
    /// stored inline in their page, so the dictionary every lookup keeps in memory stays small.
    /// </summary>
    public const int MaxDictionaryString = 256;

    /// <summary>
    /// Distinct non-string values kept per attribute key in the tag index. Past it the key is
    /// marked overflowed: its scalar values neither prune nor list (they are usually ids/counters).
    /// </summary>
    public const int MaxScalarValuesPerKey = 1000;
}

/// <summary>How strings are referenced from columns: a dictionary id or bytes stored inline.</summary>
/// <remarks>One varint: <c>id &lt;&lt; 1</c> for dictionary entry <c>id</c>, <c>(length &lt;&lt; 1) | 1</c> for inline bytes that follow elsewhere.</remarks>
internal static class StringRef
{
    public static ulong Dictionary(int id) => (ulong)id << 1;

    public static ulong Inline(int length) => ((ulong)length << 1) | 1;
}

/// <summary>Section ids of the index file.</summary>
internal enum IndexSection : byte
{
    End = 0,
    Dictionary = 1,
    Resources = 2,
    Scopes = 3,
    Pages = 4,
    Bloom = 5,
    Tags = 6,
    AttributeKeys = 7,
}

/// <summary>Column ids of a page. Each column is compressed on its own; FORMAT.md lists their encodings.</summary>
internal enum Column : byte
{
    TraceIds = 1,
    TraceSpanCounts,
    TraceStarts,
    SpanIds,
    Parents,
    ParentIds,
    StartOffsets,
    Durations,
    Names,
    KindStatus,
    Scopes,
    Flags,
    TraceStates,
    StatusMessages,
    DroppedCounts,
    SpanAttrCounts,
    SpanAttrKeys,
    SpanAttrKinds,
    SpanAttrStrings,
    SpanAttrInts,
    SpanAttrDoubles,
    SpanAttrBlobs,
    EventCounts,
    EventTimes,
    EventNames,
    EventDropped,
    EventAttrCounts,
    LinkCounts,
    LinkTraceIds,
    LinkSpanIds,
    LinkTraceStates,
    LinkFlags,
    LinkDropped,
    LinkAttrCounts,
    NestedAttrKeys,
    NestedAttrKinds,
    NestedAttrStrings,
    NestedAttrInts,
    NestedAttrDoubles,
    NestedAttrBlobs,
    InlineStrings,
}

/// <summary>The first column of each attribute column group; the group's columns follow in <see cref="AttributeColumn"/> order.</summary>
internal enum AttributeColumn : byte
{
    Keys = 0,
    Kinds = 1,
    Strings = 2,
    Ints = 3,
    Doubles = 4,
    Blobs = 5,
}
