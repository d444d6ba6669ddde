namespace Orrery.Receive.Otlp.Metrics;

/// <summary>What <see cref="DeltaToCumulative"/> did with a delta point.</summary>
public enum DeltaOutcome
{
    /// <summary>Added to the running total of the series.</summary>
    Accumulated,
    /// <summary>First point of the series, or its start time jumped (a restart): the total starts over.</summary>
    Started,
    /// <summary>The point is not newer than the last one (a duplicate or a late point): rejected.</summary>
    OutOfOrder,
    /// <summary>The converter tracks as many series as it may: a new series is rejected.</summary>
    Full,
}
