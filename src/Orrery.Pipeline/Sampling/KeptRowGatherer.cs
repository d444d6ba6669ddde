using Orrery.Pipeline.Configuration;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Sampling;

/// <summary>One batch a decision round hands to the next stage; <see cref="Scratch"/> is set when it is a pooled scratch batch to give back once sent.</summary>
internal readonly record struct KeptSend(string Tenant, SpanBatch Batch, bool Scratch = false);

/// <summary>
/// Gathers the kept rows of a decision round's partly kept held batches into batches of
/// <c>gatherSpans</c> spans per tenant (the last one of a round smaller), instead of one small
/// batch per step or per held batch: the next stage gets few batches of a size it ingests well,
/// and the round allocates few, exactly sized ones.
/// </summary>
/// <remarks>
/// Rows are copied into a pooled scratch batch, whose tables keep their capacity from round to
/// round (no growth garbage). A full scratch goes on as an exact-size copy when the next stage may
/// keep the batch (a store holds it in its head until the head is cut), or as itself when the next
/// stage only reads it while it consumes (<see cref="IReadOnlyTraceConsumer"/>); then it returns to
/// the pool once its send completes. Held batches are added in arrival order and their kept rows
/// in row order, so a trace's spans keep the order they came in within a gathered batch.
/// One round uses one gatherer from one thread at a time (its steps run one after another).
/// </remarks>
internal sealed class KeptRowGatherer(int gatherSpans, ScratchBatchPool pool, bool nextKeepsBatches)
{
    private readonly List<Open> _open = [];

    /// <summary>Copies the kept rows of <paramref name="held"/>; every batch that fills up goes to <paramref name="sends"/>.</summary>
    public void Add(HeldBatch held, List<KeptSend> sends)
    {
        var index = OpenFor(held.Tenant);
        var source = held.Batch;
        for (var row = 0; row < source.Count; row++)
        {
            if (!held.IsKept(row)) continue;
            var open = _open[index];
            open.Copier.CopySpan(source, row);
            if (open.Scratch.Count < gatherSpans) continue;
            sends.Add(Emit(open));
            _open[index] = NewOpen(open.Tenant, open.Scratch.Count == 0 ? open.Scratch : null);
        }
    }

    /// <summary>The round is over: whatever was gathered goes to <paramref name="sends"/>, and unused scratch batches go back to the pool.</summary>
    public void Flush(List<KeptSend> sends)
    {
        foreach (var open in _open)
        {
            if (open.Scratch.Count > 0) sends.Add(Emit(open));
            if (open.Scratch.Count == 0) pool.Return(open.Scratch);
        }
        _open.Clear();
    }

    /// <summary>
    /// The gathered rows as the batch to send. Copied to exact size when the next stage may keep
    /// it (the scratch is then empty and reused); else the scratch itself, given back after its send.
    /// </summary>
    private KeptSend Emit(Open open)
    {
        if (!nextKeepsBatches) return new KeptSend(open.Tenant, open.Scratch, Scratch: true);
        var copy = BatchClone.Copy(open.Scratch);
        open.Scratch.Clear();
        return new KeptSend(open.Tenant, copy);
    }

    private int OpenFor(string tenant)
    {
        // Tenants of one round are few (usually one, and the same string instance).
        for (var i = 0; i < _open.Count; i++)
        {
            if (ReferenceEquals(_open[i].Tenant, tenant) || string.Equals(_open[i].Tenant, tenant, StringComparison.Ordinal)) return i;
        }
        _open.Add(NewOpen(tenant, null));
        return _open.Count - 1;
    }

    private Open NewOpen(string tenant, SpanBatch? scratch)
    {
        scratch ??= pool.Rent();
        // A fresh copier: its scope and resource maps name the source batches of this gathered batch only.
        return new Open(tenant, scratch, new SpanBatchCopier(scratch));
    }

    private sealed record Open(string Tenant, SpanBatch Scratch, SpanBatchCopier Copier);
}
