using Orrery.Signals.Labels;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// A selected series: its chunks from blocks and the head (block chunks first, each source in
/// time order) and a snapshot of its out-of-order samples. Iterates as a plain chain when the
/// chunks do not overlap, the usual case, and merges by timestamp otherwise.
/// </summary>
internal sealed class MergedSeries : StoredSeries
{
    private readonly ChunkRef[] _chunks;
    private readonly OooSample[]? _ooo;
    private readonly bool _disjoint;

    public MergedSeries(LabelSet labels, List<ChunkRef> chunks, OooSample[]? ooo)
        : base(labels)
    {
        _ooo = ooo;
        _disjoint = true;
        for (var i = 1; i < chunks.Count; i++)
        {
            if (chunks[i].MinTimeMs <= chunks[i - 1].MaxTimeMs)
            {
                _disjoint = false;
                break;
            }
        }
        if (!_disjoint)
        {
            // Stable sort, so among overlapping chunks the older storage (blocks) keeps precedence.
            chunks = chunks.Select((c, i) => (c, i)).OrderBy(x => x.c.MinTimeMs).ThenBy(x => x.i).Select(x => x.c).ToList();
        }
        _chunks = chunks.ToArray();
    }

    public override ISampleIterator Iterator()
    {
        if (_disjoint && _ooo is null) return new ChainSampleIterator(_chunks);
        var sources = new List<ISampleIterator>();
        if (_disjoint)
        {
            sources.Add(new ChainSampleIterator(_chunks));
        }
        else
        {
            foreach (var c in _chunks) sources.Add(new ChainSampleIterator([c]));
        }
        if (_ooo is not null) sources.Add(new OooSampleIterator(_ooo));
        return sources.Count == 1 ? sources[0] : new MergeSampleIterator(sources.ToArray());
    }
}
