namespace Orrery.Storage.Logs.Blocks;

/// <summary>Constants of the chunk and block formats (FORMAT.md).</summary>
public static class ChunkFormat
{
    public const byte Version = 1;

    /// <summary>The sections of a chunk, in order.</summary>
    public const int SectionCount = 5;

    public const byte CodecRaw = 0;
    public const byte CodecBrotli = 1;

    /// <summary>The metadata name whose 32-hex value feeds the block's trace index.</summary>
    public static ReadOnlySpan<byte> TraceIdName => "trace_id"u8;

    /// <summary>The span id's metadata name, which the store treats like any other.</summary>
    public static ReadOnlySpan<byte> SpanIdName => "span_id"u8;
}
