namespace Orrery.Signals;

/// <summary>Downstream refused a batch for a reason the client can act on (e.g. a limit).</summary>
public sealed class ConsumerRejectedException(string message, bool retryable) : Exception(message)
{
    /// <summary>True when sending the same data later may succeed (maps to 429/503, UNAVAILABLE).</summary>
    public bool Retryable { get; } = retryable;
}
