namespace Orrery.Generate.Transport;

/// <summary>How a peer answered one request.</summary>
public enum SendStatus
{
    /// <summary>Taken; <see cref="SendOutcome.Rejected"/> items of it may have been refused (partial success).</summary>
    Accepted,
    /// <summary>Refused for good (4xx other than 429, a non-retryable gRPC status): every item is refused.</summary>
    Refused,
    /// <summary>Try again later (429, 502–504, gRPC UNAVAILABLE, connection errors).</summary>
    Retryable,
}

/// <summary>One answer: status, items the peer rejected in a partial success, a Retry-After it asked for, and its message.</summary>
public readonly record struct SendOutcome(SendStatus Status, long Rejected = 0, TimeSpan? RetryAfter = null, string? Message = null)
{
    public static SendOutcome Accepted(long rejected = 0, string? message = null) => new(SendStatus.Accepted, rejected, null, message);

    public static SendOutcome Refused(string message) => new(SendStatus.Refused, 0, null, message);

    public static SendOutcome Retryable(string message, TimeSpan? retryAfter = null) => new(SendStatus.Retryable, 0, retryAfter, message);
}
