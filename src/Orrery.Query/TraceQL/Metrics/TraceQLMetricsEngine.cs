using Orrery.Query.TraceQL.Syntax;
using Orrery.Storage.Traces;

namespace Orrery.Query.TraceQL.Metrics;

/// <summary>Bounds on one TraceQL metrics query.</summary>
/// <param name="MaxSeries">Series in one answer; past it the answer is partial, as Tempo's default of 1000.</param>
/// <param name="MaxIntervals">Points per series: 11 000, Prometheus's limit, a day at 8 s steps.</param>
/// <param name="Timeout">Wall time before the query is abandoned.</param>
public sealed record MetricsLimits(int MaxSeries = 1000, int MaxIntervals = 11_000, TimeSpan? Timeout = null)
{
    public static MetricsLimits Default { get; } = new();

    public ScanLimits Scan { get; init; } = ScanLimits.Default;

    /// <summary>
    /// Ask storage only for the span fields the query reads (<see cref="SpanFieldUse"/>), so block
    /// pages decode only those columns. Off only to compare answers with and without it.
    /// </summary>
    public bool DecodeOnlyUsedFields { get; init; } = true;

    /// <summary>
    /// Let storage count spans over its columns when the query's shape allows (<see cref="ColumnarPlan"/>),
    /// instead of a row per span. Off only to compare answers with and without it.
    /// </summary>
    public bool UseColumnarAggregates { get; init; } = true;

    /// <summary>30 s: longer than any interactive panel waits, short enough to free the cores soon.</summary>
    public TimeSpan EffectiveTimeout => Timeout ?? TimeSpan.FromSeconds(30);
}

/// <summary>
/// TraceQL metrics over a trace reader: <c>{ filter } | rate() by (…)</c> and the other metrics
/// functions, compare(), topk/bottomk, for a range of intervals or one instant.
/// </summary>
public sealed class TraceQLMetricsEngine(ITraceReader reader, MetricsLimits? limits = null)
{
    private readonly MetricsLimits _limits = limits ?? MetricsLimits.Default;

    /// <summary>
    /// A range query between <paramref name="startNanos"/> and <paramref name="endNanos"/> with
    /// Tempo's step alignment. Throws <see cref="TraceQLParseException"/> for a malformed query and
    /// <see cref="TraceQLMetricsException"/> for an unsupported one or a limit reached.
    /// </summary>
    public MetricsResult QueryRange(string tenant, string query, long startNanos, long endNanos, long stepNanos, CancellationToken cancellationToken = default)
    {
        if (endNanos <= startNanos) throw new TraceQLMetricsException("end must be greater than start");
        if (stepNanos <= 0) throw new TraceQLMetricsException("step must be positive");
        if ((endNanos - startNanos) / stepNanos > _limits.MaxIntervals)
            throw new TraceQLMetricsException($"step of {FormatDuration(stepNanos)} is too small, minimum step for given range is {FormatDuration((endNanos - startNanos) / _limits.MaxIntervals)}");
        return Execute(tenant, MetricsQuery.Parse(query), IntervalMapper.ForRange(startNanos, endNanos, stepNanos), cancellationToken);
    }

    /// <summary>One value per series over [start, end]; rate() is per second of the whole range.</summary>
    public MetricsResult QueryInstant(string tenant, string query, long startNanos, long endNanos, CancellationToken cancellationToken = default)
    {
        if (endNanos <= startNanos) throw new TraceQLMetricsException("end must be greater than start");
        return Execute(tenant, MetricsQuery.Parse(query), IntervalMapper.ForInstant(startNanos, endNanos), cancellationToken);
    }

    public MetricsResult Execute(string tenant, MetricsQuery query, IntervalMapper intervals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var scan = new MatchedSpanScan(reader, query.Spansets, _limits.Scan)
        {
            Fields = _limits.DecodeOnlyUsedFields ? SpanFieldUse.Of(query.Spansets, query.Aggregate) : SpanFields.All,
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_limits.EffectiveTimeout);
        List<MetricsSeries> series;
        var truncated = false;
        try
        {
            if (query.Aggregate.Function == MetricsFunction.Compare)
            {
                var compare = new CompareAggregator(query.Aggregate, intervals);
                scan.Run(tenant, intervals.FetchRange, compare, timeout.Token);
                series = compare.Results();
            }
            else
            {
                var aggregator = new MetricsAggregator(query.Aggregate, intervals, _limits.MaxSeries);
                if (_limits.UseColumnarAggregates && ColumnarPlan.For(query, scan, intervals) is { } columnar)
                {
                    var counted = new SpanAggregation(columnar.IntervalCount, columnar.DurationBuckets);
                    scan.RunColumnar(tenant, columnar, counted, aggregator, timeout.Token);
                    ColumnarPlan.AddTo(aggregator, counted);
                }
                else
                {
                    scan.Run(tenant, intervals.FetchRange, aggregator, timeout.Token);
                }
                series = aggregator.Results();
                truncated = aggregator.Truncated;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TraceQLMetricsException($"the query did not finish within {_limits.EffectiveTimeout.TotalSeconds:0.###} s; narrow the time range or the filter") { IsLimit = true };
        }
        if (query.SecondStage is { } second) series = TopKBottomK.Apply(series, second, intervals.Count);
        var message = truncated
            ? $"Response exceeds maximum series limit of {_limits.MaxSeries}, a partial response is returned. Warning: the accuracy of each individual value is not guaranteed."
            : null;
        return new MetricsResult(series, intervals, scan.InspectedTraces, scan.InspectedSpans, truncated, message);
    }

    private static string FormatDuration(long nanos) => TimeSpan.FromTicks(nanos / 100).ToString();
}
