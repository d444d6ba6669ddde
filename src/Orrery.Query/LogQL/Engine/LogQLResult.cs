using Orrery.Signals.Labels;

namespace Orrery.Query.LogQL.Engine;

/// <summary>What a query read and returned (Loki's <c>stats.summary</c>).</summary>
public sealed class QueryStatistics
{
    public long LinesScanned { get; set; }

    public long BytesScanned { get; set; }

    public long LinesAfterFilter { get; set; }

    public long EntriesReturned { get; set; }

    public long Streams { get; set; }

    public TimeSpan ExecutionTime { get; set; }
}

public abstract record LogQLResult(QueryStatistics Statistics);

/// <summary>One returned line: all its labels, and the same split by category (for Loki 3's categorize-labels).</summary>
public sealed record LogEntry(long TimestampNs, string Line, LabelSet Labels, LabelSet StreamLabels, LabelSet StructuredMetadata, LabelSet Parsed);

/// <summary>Log lines in the requested direction.</summary>
public sealed record StreamsResult(IReadOnlyList<LogEntry> Entries, QueryStatistics Statistics) : LogQLResult(Statistics);

public readonly record struct SamplePoint(long TimestampNs, double Value);

public sealed record Series(LabelSet Labels, IReadOnlyList<SamplePoint> Points);

/// <summary>A range query's series, sorted by labels.</summary>
public sealed record MatrixResult(IReadOnlyList<Series> Series, QueryStatistics Statistics) : LogQLResult(Statistics);

public sealed record VectorSample(LabelSet Labels, long TimestampNs, double Value);

/// <summary>An instant query's samples.</summary>
public sealed record VectorResult(IReadOnlyList<VectorSample> Samples, QueryStatistics Statistics) : LogQLResult(Statistics);

public sealed record ScalarResult(long TimestampNs, double Value, QueryStatistics Statistics) : LogQLResult(Statistics);
