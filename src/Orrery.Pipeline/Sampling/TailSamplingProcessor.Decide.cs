using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Sampling;

public sealed partial class TailSamplingProcessor
{
    /// <summary>
    /// What one round decided: the held batches it completed, kept spans per tenant that must be
    /// copied (from partly kept batches, or spans held without a batch), and the decisions to announce.
    /// </summary>
    private struct DecisionRound
    {
        public List<HeldBatch>? Completed;
        public Dictionary<string, SpanBatchCopier>? Kept;
        public List<TraceDecision>? Decisions;
    }

    /// <summary>num_traces is reached: the oldest undecided trace is decided now with the spans it has.</summary>
    private void DecideOldestEarly(ref DecisionRound round, long now)
    {
        while (_arrivals.TryDequeue(out var oldest))
        {
            if (oldest.Decided)
            {
                Return(oldest);
                continue;
            }
            Decide(oldest, ref round, now);
            Return(oldest);
            _metrics.Add(_metrics.DecidedEarly, 1);
            return;
        }
    }

    /// <summary>Runs every policy (all of them, so each one's verdicts are counted) and applies the collector's combination rule.</summary>
    private void Decide(BufferedTrace trace, ref DecisionRound round, long now)
    {
        bool sampled = false, notSampled = false, invertSampled = false, invertNotSampled = false;
        foreach (var policy in _settings.Policies)
        {
            var d = policy.Evaluate(trace, now);
            _metrics.Policy(policy.Name, d);
            switch (d)
            {
                case SamplingDecision.Sampled: sampled = true; break;
                case SamplingDecision.NotSampled: notSampled = true; break;
                case SamplingDecision.InvertSampled: invertSampled = true; break;
                case SamplingDecision.InvertNotSampled: invertNotSampled = true; break;
            }
            // The combination rule still applies: an earlier inverted veto stands.
            if (sampled && _settings.SampleOnFirstMatch) break;
        }
        var keep = SamplingDecisions.Combine(sampled, notSampled, invertSampled, invertNotSampled);
        var key = new TraceKey(trace.Tenant, trace.TraceId);
        trace.Decided = true;
        _tenants[trace.Tenant].Remove(trace.TraceId);
        _undecided--;
        if (keep)
        {
            _kept.Add(key);
            _dropped.Remove(key);
        }
        else
        {
            _dropped.Add(key);
        }
        var spans = trace.Spans;
        var holders = trace.Holders;
        for (var i = 0; i < spans.Length; i++)
        {
            if (holders[i] is { } holder)
            {
                if (holder.Decide(spans[i].Row, keep)) (round.Completed ??= []).Add(holder);
            }
            else if (keep)
            {
                CopierOf(ref round, trace.Tenant).CopySpan(spans[i].Batch, spans[i].Row);
            }
        }
        _metrics.Trace(keep);
        (round.Decisions ??= []).Add(new TraceDecision(trace.Tenant, trace.TraceId, keep));
    }

    private static SpanBatchCopier CopierOf(ref DecisionRound round, string tenant)
    {
        round.Kept ??= new(StringComparer.Ordinal);
        if (!round.Kept.TryGetValue(tenant, out var copier))
        {
            copier = new SpanBatchCopier(new SpanBatch());
            round.Kept.Add(tenant, copier);
        }
        return copier;
    }

    /// <summary>
    /// Outside the lock: completed batches kept whole go on as they arrived, the kept rows of
    /// partly kept ones are copied into one batch per tenant, the rest are let go.
    /// </summary>
    private async Task ForwardAsync(DecisionRound round)
    {
        if (round.Completed is { } completed)
        {
            foreach (var held in completed)
            {
                if (held.KeptCount == 0) continue;
                if (held.AllKept)
                {
                    await SendAsync(held.Tenant, held.Batch).ConfigureAwait(false);
                    continue;
                }
                var copier = CopierOf(ref round, held.Tenant);
                for (var row = 0; row < held.Batch.Count; row++)
                {
                    if (held.IsKept(row)) copier.CopySpan(held.Batch, row);
                }
            }
        }
        if (round.Kept is null) return;
        foreach (var (tenant, copier) in round.Kept) await SendAsync(tenant, copier.Destination).ConfigureAwait(false);
    }

    private async Task SendAsync(string tenant, SpanBatch batch)
    {
        var count = batch.Count;
        try
        {
            await _next.ConsumeAsync(tenant, batch).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already acknowledged upstream: all we can do is count what was lost.
            _metrics.Add(_metrics.ForwardFailed, count);
        }
    }

    private void Notify(List<TraceDecision>? decisions)
    {
        if (decisions is null) return;
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(decisions);
        foreach (var listener in Volatile.Read(ref _listeners)) listener.OnDecided(span);
    }
}
