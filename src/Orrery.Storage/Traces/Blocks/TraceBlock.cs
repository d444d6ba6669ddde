using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// A read-only, opened block. Thread-safe for concurrent readers. (Stub: the block-format work
/// fills this in.)
/// </summary>
public sealed class TraceBlock : IDisposable
{
    private TraceBlock(string directory, BlockMeta meta)
    {
        Directory = directory;
        Meta = meta;
    }

    public string Directory { get; }

    public BlockMeta Meta { get; }

    /// <summary>Opens a complete block directory; throws <see cref="InvalidDataException"/> when it is corrupt.</summary>
    public static TraceBlock Open(string directory) => throw new NotImplementedException();

    /// <summary>Bloom-filter check: false means the trace is certainly not in this block.</summary>
    public bool MayContain(TraceId traceId) => throw new NotImplementedException();

    /// <summary>The trace's spans in this block whose start is in range, or null.</summary>
    public SpanBatch? FindTrace(TraceId traceId, TimeRange range) => throw new NotImplementedException();

    /// <summary>Candidate traces, per <see cref="ITraceReader.FetchTraces"/>'s contract.</summary>
    public IEnumerable<TraceSpans> FetchTraces(FetchSpansRequest request, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>Every span of the block, in trace-id order, a page at a time (for compaction).</summary>
    public IEnumerable<SpanBatch> ReadAll() => throw new NotImplementedException();

    /// <summary>Adds the block's attribute names of a scope to <paramref name="names"/>.</summary>
    public void CollectTagNames(AttributeScope scope, ISet<string> names, int limit) => throw new NotImplementedException();

    /// <summary>Adds the block's distinct values of <paramref name="tag"/> to <paramref name="values"/>.</summary>
    public void CollectTagValues(AttributeRef tag, ISet<TagValue> values, int limit) => throw new NotImplementedException();

    public void Dispose()
    {
    }
}
