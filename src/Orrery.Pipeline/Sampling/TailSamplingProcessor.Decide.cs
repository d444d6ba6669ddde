using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Sampling;

public sealed partial class TailSamplingProcessor
{
    /// <summary>What one round decided: kept spans per tenant (copied out of their arrival batches) and the decisions to announce.</summary>
    private struct DecisionRound
    {
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
            round.Kept ??= new(StringComparer.Ordinal);
            if (!round.Kept.TryGetValue(trace.Tenant, out var copier))
            {
                copier = new SpanBatchCopier(new SpanBatch());
                round.Kept.Add(trace.Tenant, copier);
            }
            foreach (var s in trace.Spans) copier.CopySpan(s.Batch, s.Row);
        }
        else
        {
            _dropped.Add(key);
        }
        _metrics.Trace(keep);
        (round.Decisions ??= []).Add(new TraceDecision(trace.Tenant, trace.TraceId, keep));
    }

    private async Task ForwardAsync(DecisionRound round)
    {
        if (round.Kept is null) return;
        foreach (var (tenant, copier) in round.Kept)
        {
            var count = copier.Destination.Count;
            try
            {
                await _next.ConsumeAsync(tenant, copier.Destination).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Already acknowledged upstream: all we can do is count what was lost.
                _metrics.Add(_metrics.ForwardFailed, count);
            }
        }
    }

    private void Notify(List<TraceDecision>? decisions)
    {
        if (decisions is null) return;
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(decisions);
        foreach (var listener in Volatile.Read(ref _listeners)) listener.OnDecided(span);
    }
}
