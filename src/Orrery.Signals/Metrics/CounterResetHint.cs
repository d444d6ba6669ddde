namespace Orrery.Signals.Metrics;

/// <summary>What a native histogram sample says about counter resets (Prometheus's CounterResetHint).</summary>
public enum CounterResetHint : byte
{
    /// <summary>Nothing known: the reader compares with the previous sample.</summary>
    Unknown,
    /// <summary>A reset happened right before this sample.</summary>
    CounterReset,
    /// <summary>Definitely no reset since the previous sample.</summary>
    NotCounterReset,
    /// <summary>A gauge histogram: resets do not apply.</summary>
    Gauge,
}
