namespace Orrery.Generate.Running;

/// <summary>How much load to offer and how: the options every signal shares.</summary>
public sealed record LoadOptions
{
    /// <summary>Items (spans, samples, lines) per second over all workers; 0 sends as fast as the peer acknowledges.</summary>
    public double Rate { get; init; }

    /// <summary>Stop after this long; with neither this nor <see cref="Count"/>, run until cancelled.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Stop after this many items.</summary>
    public long? Count { get; init; }

    /// <summary>Concurrent senders, each with its own generator and one request in flight.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Items per request.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Sent as <c>X-Scope-OrgID</c> when set.</summary>
    public string? Tenant { get; init; }

    /// <summary>Attempts per request on retryable answers (429, 502–504, UNAVAILABLE, connection errors).</summary>
    public int MaxAttempts { get; init; } = 6;

    public void Validate()
    {
        if (Rate < 0 || double.IsNaN(Rate)) throw new ArgumentException($"rate must be >= 0, not {Rate}");
        if (Workers < 1) throw new ArgumentException($"workers must be >= 1, not {Workers}");
        if (BatchSize < 1) throw new ArgumentException($"batch must be >= 1, not {BatchSize}");
        if (Count is < 0) throw new ArgumentException($"count must be >= 0, not {Count}");
        if (Duration is { } d && d <= TimeSpan.Zero) throw new ArgumentException($"duration must be positive, not {d}");
        if (MaxAttempts < 1) throw new ArgumentException($"max attempts must be >= 1, not {MaxAttempts}");
    }
}
