using System.Diagnostics.Metrics;

namespace Orrery.Pipeline.Sampling;

/// <summary>The tail sampler's counters, tagged with the processor's id so two samplers can be told apart.</summary>
internal sealed class TailSamplingMetrics
{
    private readonly KeyValuePair<string, object?> _processor;

    public TailSamplingMetrics(Meter meter, string processorId, Func<int> buffered)
    {
        _processor = new("processor", processorId);
        PolicyDecisions = meter.CreateCounter<long>("orrery_tail_sampling_policy_decisions", "traces", "Verdicts per policy (sampled, not_sampled, invert_sampled, invert_not_sampled).");
        Traces = meter.CreateCounter<long>("orrery_tail_sampling_traces", "traces", "Traces decided, by final decision (kept, dropped).");
        DecidedEarly = meter.CreateCounter<long>("orrery_tail_sampling_traces_decided_early", "traces", "Traces decided before decision_wait because num_traces was reached.");
        LateSpans = meter.CreateCounter<long>("orrery_tail_sampling_late_spans", "spans", "Spans that arrived after their trace was decided and followed that decision.");
        HeadUnsampled = meter.CreateCounter<long>("orrery_tail_sampling_head_unsampled_spans", "spans", "Spans dropped because their sampled flag was cleared upstream.");
        ForwardFailed = meter.CreateCounter<long>("orrery_tail_sampling_forward_failed_spans", "spans", "Kept spans downstream refused after the receiver had acknowledged them.");
        meter.CreateObservableGauge("orrery_tail_sampling_traces_buffered", () => new Measurement<int>(buffered(), _processor), "traces", "Undecided traces held.");
    }

    public Counter<long> PolicyDecisions { get; }
    public Counter<long> Traces { get; }
    public Counter<long> DecidedEarly { get; }
    public Counter<long> LateSpans { get; }
    public Counter<long> HeadUnsampled { get; }
    public Counter<long> ForwardFailed { get; }

    public void Policy(string policy, SamplingDecision decision) =>
        PolicyDecisions.Add(1, _processor, new("policy", policy), new("decision", SamplingDecisions.Name(decision)));

    public void Trace(bool kept) => Traces.Add(1, _processor, new("decision", kept ? "kept" : "dropped"));

    public void Late(bool kept, int spans)
    {
        if (spans > 0) LateSpans.Add(spans, _processor, new("decision", kept ? "kept" : "dropped"));
    }

    public void Add(Counter<long> counter, long value)
    {
        if (value > 0) counter.Add(value, _processor);
    }
}
