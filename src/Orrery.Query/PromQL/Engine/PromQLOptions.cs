namespace Orrery.Query.PromQL.Engine;

/// <summary>Engine settings and limits (Prometheus's flags of the same meaning in parentheses).</summary>
public sealed record PromQLOptions
{
    /// <summary>How far back an instant selector looks for a sample (<c>--query.lookback-delta</c>, 5m).</summary>
    public long LookbackDeltaMs { get; init; } = 5 * 60 * 1000;

    /// <summary>Most samples held in memory at once by one query (<c>--query.max-samples</c>, 50M).</summary>
    public long MaxSamples { get; init; } = 50_000_000;

    /// <summary>Most series one selector may select.</summary>
    public int MaxSeries { get; init; } = 500_000;

    /// <summary>Longest a query may run (<c>--query.timeout</c>, 2m); a request's <c>timeout</c> can only lower it.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Most points a range query may return per series (Prometheus: 11,000).</summary>
    public int MaxPointsPerSeries { get; init; } = 11_000;

    /// <summary>Subquery step when none is given: the engine's default evaluation interval (1m).</summary>
    public long DefaultSubqueryStepMs { get; init; } = 60_000;
}

/// <summary>What a query cost (the <c>stats</c> of Prometheus's query API).</summary>
public sealed class PromQLStats
{
    /// <summary>Samples read from storage over the whole query.</summary>
    public long TotalQueryableSamples { get; set; }

    /// <summary>Most samples held at once.</summary>
    public long PeakSamples { get; set; }

    /// <summary>Per-step samples read (range queries with <c>stats=all</c>); empty otherwise.</summary>
    public List<KeyValuePair<long, long>> SamplesPerStep { get; } = [];

    public TimeSpan ParseTime { get; set; }

    public TimeSpan EvalTime { get; set; }

    public TimeSpan TotalTime { get; set; }
}

/// <summary>A query's value, its warnings (Prometheus's <c>warnings</c>) and its cost.</summary>
public sealed record PromQLResult(PromValue Value, IReadOnlyList<string> Warnings, PromQLStats Stats);
