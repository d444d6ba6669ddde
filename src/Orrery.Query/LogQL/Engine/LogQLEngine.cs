using System.Diagnostics;
using Orrery.Query.LogQL.Syntax;
using Orrery.Storage.Logs;

namespace Orrery.Query.LogQL.Engine;

/// <summary>
/// Runs LogQL queries against an <see cref="ILogReader"/>: log queries return lines, metric
/// queries return a matrix (range queries) or a vector/scalar (instant queries).
/// </summary>
/// <remarks>Thread-safe: each execution compiles its own pipeline.</remarks>
public sealed class LogQLEngine(ILogReader reader, LogQLLimits? limits = null)
{
    private readonly LogQLLimits _limits = limits ?? LogQLLimits.Default;

    public LogQLLimits Limits => _limits;

    /// <summary>Parses and runs a query. Throws <see cref="LogQLParseException"/> for a bad query and <see cref="LogQLException"/> for a limit or an evaluation error.</summary>
    public LogQLResult Execute(string tenant, LogQLRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Execute(tenant, LogQLParser.Parse(request.Query), request, cancellationToken);
    }

    public LogQLResult Execute(string tenant, LogQLExpr expr, LogQLRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(request);
        if (request.EndNs < request.StartNs) throw new LogQLException("end timestamp must not be before start time");
        var clock = Stopwatch.StartNew();
        var statistics = new QueryStatistics();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_limits.Timeout);
        var scanner = new LineScanner(reader, tenant, _limits, statistics, timeout.Token);
        try
        {
            return expr switch
            {
                LogSelectorExpr selector => LogQueryEvaluator.Evaluate(scanner, selector, request, _limits, statistics),
                MetricExpr metric => EvaluateMetric(metric, request, scanner, statistics),
                _ => throw new LogQLException($"unsupported query {expr}"),
            };
        }
        finally
        {
            statistics.ExecutionTime = clock.Elapsed;
        }
    }

    private LogQLResult EvaluateMetric(MetricExpr expr, LogQLRequest request, LineScanner scanner, QueryStatistics statistics)
    {
        var steps = Steps(request);
        var values = MetricEvaluator.Evaluate(expr, new EvalContext(scanner, steps, _limits));
        if (values is ScalarSteps scalar)
        {
            if (request.IsInstant) return new ScalarResult(steps[0], scalar.Values[0], statistics);
            var points = steps.Select((t, i) => new SamplePoint(t, scalar.Values[i])).ToList();
            return new MatrixResult([new Series(Signals.Labels.LabelSet.Empty, points)], statistics);
        }
        var vector = (VectorSteps)values;
        if (vector.Series.Count > _limits.MaxSeries)
            throw new LogQLException($"maximum of series ({_limits.MaxSeries}) reached for a single query");
        if (request.IsInstant)
        {
            var samples = vector.Series.Where(s => s.Present[0]).Select(s => new VectorSample(s.Labels, steps[0], s.Values[0])).ToList();
            if (expr is VectorAggregationExpr { Op: "sort" }) samples.Sort((a, b) => a.Value.CompareTo(b.Value));
            else if (expr is VectorAggregationExpr { Op: "sort_desc" }) samples.Sort((a, b) => b.Value.CompareTo(a.Value));
            else if (!vector.Ordered) samples.Sort((a, b) => a.Labels.CompareTo(b.Labels));
            statistics.EntriesReturned = samples.Count;
            return new VectorResult(samples, statistics);
        }
        var series = new List<Series>(vector.Series.Count);
        foreach (var s in vector.Series.OrderBy(s => s.Labels))
        {
            var points = new List<SamplePoint>();
            for (var i = 0; i < steps.Length; i++)
            {
                if (s.Present[i]) points.Add(new SamplePoint(steps[i], s.Values[i]));
            }
            series.Add(new Series(s.Labels, points));
        }
        statistics.EntriesReturned = series.Sum(s => s.Points.Count);
        return new MatrixResult(series, statistics);
    }

    /// <summary>Evaluation times: start, start+step, … ≤ end; an instant query evaluates at end.</summary>
    private long[] Steps(LogQLRequest request)
    {
        if (request.IsInstant) return [request.EndNs];
        if (request.StepNs < 0) throw new LogQLException("zero or negative query resolution step widths are not accepted. Try a positive integer");
        var count = ((request.EndNs - request.StartNs) / request.StepNs) + 1;
        if (count > _limits.MaxPoints)
            throw new LogQLException($"exceeded maximum resolution of {_limits.MaxPoints} points per timeseries. Try increasing the value of the step parameter");
        var steps = new long[count];
        for (var i = 0; i < count; i++) steps[i] = request.StartNs + (i * request.StepNs);
        return steps;
    }
}
