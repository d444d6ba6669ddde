using Orrery.Storage.Embedded;
using Orrery.Storage.Traces.Blocks;

namespace Orrery.Storage.Traces.Embedded;

/// <summary>A reference-counted open trace block (see <see cref="RefCountedBlock"/>).</summary>
internal sealed class BlockHandle(TraceBlock block) : RefCountedBlock<TraceBlock>(block, block.Directory)
{
    public BlockMeta Meta => Block.Meta;
}
