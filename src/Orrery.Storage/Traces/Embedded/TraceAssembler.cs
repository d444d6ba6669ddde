using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Storage.Traces.Embedded;

/// <summary>
/// Builds one trace's result batch from spans spread over head parts and blocks, keeping each
/// span id once: clients retry exports, so the same span can arrive, and be stored, twice.
/// </summary>
internal sealed class TraceAssembler
{
    private readonly HashSet<SpanId> _seen = new();
    private SpanBatchCopier? _copier;

    /// <summary>The assembled batch; null when nothing was added.</summary>
    public SpanBatch? Result => _copier?.Destination;

    public void Add(SpanBatch source, int row)
    {
        if (!_seen.Add(source.Spans[row].SpanId)) return;
        _copier ??= new SpanBatchCopier(new SpanBatch());
        _copier.CopySpan(source, row);
    }

    public void AddAll(SpanBatch source)
    {
        for (var row = 0; row < source.Count; row++) Add(source, row);
    }
}
