using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Sampling;

public sealed partial class TailSamplingProcessor
{
    /// <summary>
    /// What one round (or one step of a big round) decided: the held batches it completed, and the
    /// decisions to announce (collected only when someone listens: a round at shutdown decides
    /// every held trace).
    /// </summary>
    private struct DecisionRound(bool announce)
    {
        public readonly bool Announce = announce;
        public List<HeldBatch>? Completed;
        public List<TraceDecision>? Decisions;
    }

    /// <summary>num_traces is reached: the oldest undecided trace is decided now with the spans it has.</summary>
    private void DecideOldestEarly(ref DecisionRound round, long now)
    {
        if (_held.Count == 0) return;
        DecideOldest(ref round, now);
        _metrics.Add(_metrics.DecidedEarly, 1);
    }

    /// <summary>
    /// Decides the oldest held trace: runs every policy (all of them, so each one's verdicts are
    /// counted), applies the collector's combination rule, settles its rows in their held batches
    /// and frees its slot.
    /// </summary>
    private void DecideOldest(ref DecisionRound round, long now)
    {
        _held.TryPeekOldest(out var oldest, out _);
        ref readonly var slot = ref _held[oldest];
        var tenant = _tenantNames[slot.Tenant];
        var trace = _view;
        trace.Start(tenant, slot.TraceId, slot.ArrivedMs);
        for (var link = slot.First; link >= 0; link = _held.NextOf(link))
        {
            ref readonly var span = ref _held.LinkAt(link);
            trace.Add(_batches[span.Holder].Batch, span.Row);
        }
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
        var key = new TenantTrace(slot.Tenant, slot.TraceId);
        trace.Decided = true;
        if (keep)
        {
            _kept.Add(key);
            _dropped.Remove(key);
        }
        else
        {
            _dropped.Add(key);
        }
        for (var link = slot.First; link >= 0; link = _held.NextOf(link))
        {
            ref readonly var span = ref _held.LinkAt(link);
            var holder = _batches[span.Holder];
            if (holder.Decide(span.Row, keep)) Complete(holder, ref round);
        }
        _metrics.Trace(keep);
        if (round.Announce) (round.Decisions ??= []).Add(new TraceDecision(tenant, slot.TraceId, keep));
        trace.Release();
        _held.RemoveOldest();
    }

    /// <summary>Every held row of the batch is decided: it leaves the table and goes to this round's forwarding.</summary>
    private void Complete(HeldBatch holder, ref DecisionRound round)
    {
        _batches.Remove(holder.Number);
        (round.Completed ??= []).Add(holder);
    }

    private KeptRowGatherer NewGatherer() => new(_gatherSpans, _scratch, _nextKeepsBatches);

    /// <summary>
    /// Outside the lock: completed batches kept whole go on as they arrived; the kept rows of
    /// partly kept ones are gathered (<see cref="KeptRowGatherer"/>), and sent once a gathered
    /// batch is full or on the round's <paramref name="lastStep"/>; the rest are let go. Up to
    /// <see cref="MaxForwardsInFlight"/> sends run at once.
    /// </summary>
    private async Task ForwardAsync(DecisionRound round, KeptRowGatherer? gatherer, bool lastStep)
    {
        List<KeptSend>? sends = null;
        if (round.Completed is { } completed)
        {
            // Completion follows decisions; arrival order keeps each trace's gathered spans in the order they came in.
            if (completed.Count > 1) completed.Sort(static (a, b) => a.Arrival.CompareTo(b.Arrival));
            foreach (var held in completed)
            {
                if (held.KeptCount == 0) continue;
                if (held.AllKept) (sends ??= []).Add(new KeptSend(held.Tenant, held.Batch));
                else (gatherer ??= NewGatherer()).Add(held, sends ??= []);
            }
        }
        if (lastStep) gatherer?.Flush(sends ??= []);
        if (sends is null || sends.Count == 0) return;
        if (sends.Count == 1)
        {
            await SendAsync(sends[0]).ConfigureAwait(false);
            return;
        }
        var inFlight = new Task[Math.Min(MaxForwardsInFlight, sends.Count)];
        for (var i = 0; i < sends.Count; i++)
        {
            var lane = i % inFlight.Length;
            if (inFlight[lane] is { } previous) await previous.ConfigureAwait(false);
            // A store does most of a write's work before its first await (encoding, the WAL
            // append): started here, the lanes would take turns on this one thread. The other
            // lanes run on the pool, so the next stage works on as many cores as writers would give it.
            var send = sends[i];
            inFlight[lane] = lane == 0 ? SendAsync(send) : Task.Run(() => SendAsync(send));
        }
        await Task.WhenAll(inFlight).ConfigureAwait(false);
    }

    private async Task SendAsync(KeptSend send)
    {
        var count = send.Batch.Count;
        try
        {
            await _next.ConsumeAsync(send.Tenant, send.Batch).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already acknowledged upstream: all we can do is count what was lost.
            _metrics.Add(_metrics.ForwardFailed, count);
        }
        finally
        {
            // Only a stage that lets go of the batch once it returns is given a scratch batch.
            if (send.Scratch) _scratch.Return(send.Batch);
        }
    }
    /// <summary>Whether any listener would receive decisions (the registry's forwarder counts only when someone subscribed to it).</summary>
    private bool WantsDecisions()
    {
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            if (listener is not IRelayingTraceDecisionListener relay || relay.HasListeners) return true;
        }
        return false;
    }

    private void Notify(List<TraceDecision>? decisions)
    {
        if (decisions is null) return;
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(decisions);
        foreach (var listener in Volatile.Read(ref _listeners)) listener.OnDecided(span);
    }
}
