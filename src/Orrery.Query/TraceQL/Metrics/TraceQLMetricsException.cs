namespace Orrery.Query.TraceQL.Metrics;

/// <summary>Why a TraceQL metrics query cannot be answered: an unsupported query, bad parameters, or a limit reached.</summary>
public sealed class TraceQLMetricsException : Exception
{
    public TraceQLMetricsException() { }

    public TraceQLMetricsException(string message) : base(message) { }

    public TraceQLMetricsException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>True when a limit (spans inspected, time) stopped the query rather than the query being invalid.</summary>
    public bool IsLimit { get; init; }
}
