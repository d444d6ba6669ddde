namespace Orrery.Storage.Logs.Blocks;

/// <summary>Constants of the chunk and block formats (FORMAT.md).</summary>
public static class ChunkFormat
{
    /// <summary>Version 2 adds the lines layout byte and templated lines; version 1 chunks are still read.</summary>
    public const byte Version = 2;

    public const byte VersionPlainLines = 1;

    /// <summary>Lines layout: lengths and bytes (as version 1).</summary>
    public const byte LinesPlain = 0;

    /// <summary>Lines layout: templates, template ids and variables (FORMAT.md, "Templated lines").</summary>
    public const byte LinesTemplated = 1;

    /// <summary>Fewer lines than this are stored plain: a template list does not pay off for a handful.</summary>
    public const int MinTemplatedLines = 16;

    public const byte CodecRaw = 0;
    public const byte CodecBrotli = 1;

    /// <summary>The metadata name whose 32-hex value feeds the block's trace index.</summary>
    public static ReadOnlySpan<byte> TraceIdName => "trace_id"u8;

    /// <summary>The span id's metadata name, which the store treats like any other.</summary>
    public static ReadOnlySpan<byte> SpanIdName => "span_id"u8;
}
