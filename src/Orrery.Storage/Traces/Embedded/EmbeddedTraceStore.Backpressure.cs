namespace Orrery.Storage.Traces.Embedded;

public sealed partial class EmbeddedTraceStore
{
    /// <summary>
    /// A tenant's head may hold at most this many parts' worth of spans (by
    /// <see cref="StorageOptions.HeadMaxSpans"/> and <see cref="StorageOptions.HeadMaxBytes"/>)
    /// before appends wait. Two is the least that lets ingest continue while a cut runs: one part
    /// is being written to a block while the next one fills. If the writer is slower than ingest,
    /// waiting is the only bounded answer: the alternative, parts queuing for the writer, is what
    /// grew the head to 4 million spans and the process to 7.4 GB at 100k spans/s (FORMAT.md,
    /// "Write speed"). With the default 256 MiB of encoded batches per part the head stays
    /// within ~1 GB of memory; the exporter sees slower acknowledgements, never lost data.
    /// Concurrent appends that pass the check together can overshoot it by one batch each.
    /// </summary>
    private const int HeadBudgetParts = 2;

    /// <summary>
    /// Waits while the tenant's head is over its budget, i.e. until enough of it has been cut into
    /// blocks. Each wait ends when a cut completes, then the budget is checked again. While cuts
    /// fail (say, a full disk) appends wait until the caller's cancellation: the data already
    /// acknowledged is safe in the WAL, and refusing more is better than running out of memory.
    /// </summary>
    private async ValueTask WaitForHeadRoomAsync(TenantTraces traces, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Take the signal before checking, so a cut completing in between is not missed.
            var cutDone = traces.CutDone;
            if (!IsOverBudget(traces)) return;
            _maintenance.RequestCut();
            await cutDone.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private bool IsOverBudget(TenantTraces traces)
    {
        traces.GetHeadSize(out var spans, out var bytes);
        return spans >= _options.HeadMaxSpans * HeadBudgetParts || bytes >= _options.HeadMaxBytes * HeadBudgetParts;
    }
}
