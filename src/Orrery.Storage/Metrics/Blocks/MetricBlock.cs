using Orrery.Signals.Labels;

namespace Orrery.Storage.Metrics.Blocks;

/// <summary>An open, immutable metric block.</summary>
public sealed class MetricBlock : IDisposable
{
    /// <summary>Opens a block; <see cref="InvalidDataException"/> on a corrupt block.</summary>
    public static MetricBlock Open(string blockDirectory) => throw new NotImplementedException();

    public BlockMeta Meta => throw new NotImplementedException();
    public string Directory => throw new NotImplementedException();

    /// <summary>Series matching all matchers with chunks overlapping the range, sorted by labels.</summary>
    public IEnumerable<BlockSeries> Select(IReadOnlyList<LabelMatcher> matchers, long minTimeMs, long maxTimeMs) =>
        throw new NotImplementedException();

    public IReadOnlyList<string> LabelNames(IReadOnlyList<LabelMatcher>? matchers = null) => throw new NotImplementedException();

    public IReadOnlyList<string> LabelValues(string name, IReadOnlyList<LabelMatcher>? matchers = null) => throw new NotImplementedException();

    public void Dispose() { }
}
