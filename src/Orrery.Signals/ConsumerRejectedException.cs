namespace Orrery.Signals;

/// <summary>Downstream refused a batch for a reason the client can act on (e.g. a limit).</summary>
public sealed class ConsumerRejectedException(string message, bool retryable) : Exception(message)
{
    /// <summary>True when sending the same data later may succeed (maps to 429/503, UNAVAILABLE).</summary>
    public bool Retryable { get; } = retryable;

    /// <summary>
    /// How long the client should wait before retrying, when the refusing stage knows (a rate
    /// limit's refill time, a memory limiter's check interval); null leaves it to the receiver's
    /// default. Receivers send it as <c>Retry-After</c> and as gRPC retry info.
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }
}
