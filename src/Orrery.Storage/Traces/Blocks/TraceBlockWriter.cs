using Orrery.Signals.Traces;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>Writes immutable trace blocks. (Stub: the block-format work fills this in.)</summary>
public static class TraceBlockWriter
{
    /// <summary>
    /// Writes one block holding every span of <paramref name="batches"/> into a new directory
    /// under <paramref name="parentDirectory"/>, sorted by trace id, each (trace id, span id)
    /// once. Writes to a temporary directory and renames it into place, so a crash never
    /// leaves a half-written block under a block's name. Returns the block's metadata.
    /// </summary>
    public static BlockMeta Write(string parentDirectory, IEnumerable<SpanBatch> batches, int compactionLevel = 0) =>
        throw new NotImplementedException();
}
