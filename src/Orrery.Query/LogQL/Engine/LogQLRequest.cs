using Orrery.Storage.Logs;

namespace Orrery.Query.LogQL.Engine;

/// <summary>
/// One query execution. Times are Unix nanoseconds. A range query has <paramref name="StepNs"/> &gt; 0
/// and evaluates metric queries at <c>start, start+step, … ≤ end</c>; an instant query has
/// <paramref name="StartNs"/> == <paramref name="EndNs"/> and step 0. Log queries read lines in
/// [start, end) (Loki's end is exclusive) and return at most <paramref name="Limit"/> entries.
/// </summary>
public sealed record LogQLRequest(string Query, long StartNs, long EndNs, long StepNs, LogDirection Direction, int Limit)
{
    public bool IsInstant => StepNs == 0;
}

/// <summary>
/// Bounds on one query; each is reported as a clear error when exceeded, never as an
/// out-of-memory. Defaults follow Loki's (max_entries_limit_per_query 5000, max_query_series
/// 500, 11,000 points per series, query timeout) plus a lines-read bound that keeps one
/// query under about a minute on two cores at the store's scan speed.
/// </summary>
public sealed record LogQLLimits
{
    public int MaxEntries { get; init; } = 5000;

    public long MaxLinesScanned { get; init; } = 100_000_000;

    public int MaxSeries { get; init; } = 500;

    public int MaxPoints { get; init; } = 11_000;

    /// <summary>Samples held at once by a metric query (16 bytes each: 20M is about 320 MB).</summary>
    public long MaxSamples { get; init; } = 20_000_000;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    public static LogQLLimits Default { get; } = new();
}

/// <summary>A query that cannot be answered as asked (a limit, a pipeline error, an invalid combination); the message is for the user.</summary>
public sealed class LogQLException : Exception
{
    public LogQLException()
    {
    }

    public LogQLException(string message) : base(message)
    {
    }

    public LogQLException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
