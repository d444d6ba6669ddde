namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// What is known about a block without reading its data: written as <c>meta.json</c> in the
/// block directory, last, so a block without it is incomplete and is deleted on open.
/// </summary>
public sealed record BlockMeta(
    Guid Id,
    int FormatVersion,
    long MinStartUnixNano,
    long MaxStartUnixNano,
    long SpanCount,
    long TraceCount,
    long SizeBytes,
    int CompactionLevel);
