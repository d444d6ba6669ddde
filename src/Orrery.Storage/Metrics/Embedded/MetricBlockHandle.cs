using Orrery.Storage.Embedded;
using Orrery.Storage.Metrics.Blocks;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>A reference-counted open metric block (see <see cref="RefCountedBlock"/>).</summary>
internal sealed class MetricBlockHandle(MetricBlock block) : RefCountedBlock<MetricBlock>(block, block.Directory)
{
    public BlockMeta Meta => Block.Meta;

    public bool Overlaps(long minTimeMs, long maxTimeMs) => Meta.MinTimeMs <= maxTimeMs && Meta.MaxTimeMs >= minTimeMs;
}

/// <summary>A tenant's open metric blocks: a <see cref="BlockList{THandle}"/> that queries by time range.</summary>
internal sealed class TenantBlocks
{
    private readonly BlockList<MetricBlockHandle> _list = new();

    public MetricBlockHandle[] All => _list.All;

    public void Add(MetricBlockHandle block) => _list.Add(block);

    public void AddRange(IEnumerable<MetricBlockHandle> blocks) => _list.AddRange(blocks);

    /// <summary>Acquired blocks overlapping the range, oldest first; release each after use.</summary>
    public List<MetricBlockHandle> Acquire(long minTimeMs, long maxTimeMs)
    {
        var result = _list.Acquire((minTimeMs, maxTimeMs), static (b, range) => b.Overlaps(range.minTimeMs, range.maxTimeMs));
        result.Sort((a, b) => a.Meta.MinTimeMs.CompareTo(b.Meta.MinTimeMs));
        return result;
    }

    public void Replace(IReadOnlyCollection<MetricBlockHandle> inputs, MetricBlockHandle output) => _list.Replace(inputs, output);

    public int Remove(Func<MetricBlockHandle, bool> expired) => _list.Remove(expired);

    public void CloseAll() => _list.CloseAll();
}
