using System.Diagnostics;
using Orrery.Query.PromQL.Syntax;
using Orrery.Signals.Labels;
using Orrery.Storage.Metrics;

namespace Orrery.Query.PromQL.Engine;

/// <summary>
/// Evaluates PromQL over an <see cref="IMetricReader"/> with Prometheus's semantics: each
/// selector's series are read once per query (not once per step), range queries step from
/// start to end inclusive, results come back as <see cref="PromValue"/>s. Callable from the
/// HTTP API and from rule evaluation alike.
/// </summary>
public sealed class PromQLEngine(IMetricReader reader, PromQLOptions? options = null)
{
    public PromQLOptions Options { get; } = options ?? new PromQLOptions();

    public IMetricReader Reader { get; } = reader;

    /// <summary>
    /// An instant query at <paramref name="timeMs"/>. Throws <see cref="PromQLException"/> for
    /// evaluation errors, limits and timeouts (<paramref name="timeout"/> lowers
    /// <see cref="PromQLOptions.Timeout"/>).
    /// </summary>
    public PromQLResult Instant(string tenant, PromExpr expr, long timeMs, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expr);
        return Run(tenant, timeMs, timeMs, timeout, cancellationToken, evaluator =>
        {
            switch (Unwrap(expr))
            {
                case MatrixSelector ms:
                    return evaluator.InstantMatrix(ms, timeMs);
                case SubqueryExpr sq:
                    return evaluator.InstantSubquery(sq, timeMs);
            }
            return evaluator.Eval(expr, EvalGrid.Instant(timeMs)) switch
            {
                ScalarSteps s => new ScalarValue(timeMs, s.V[0]),
                string s => new StringValue(timeMs, s),
                StepMatrix m => ToVector(m, timeMs),
                _ => throw new PromQLException(PromErrorType.Internal, "unexpected result"),
            };
        });
    }

    /// <summary>A range query: evaluated at start, start+step, … ≤ end; the value is always a <see cref="MatrixValue"/>.</summary>
    public PromQLResult Range(string tenant, PromExpr expr, long startMs, long endMs, long stepMs, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expr);
        if (expr.Type is not (PromValueType.Scalar or PromValueType.Vector))
        {
            throw new PromQLException(PromErrorType.BadData,
                $"invalid expression type \"{DocumentedType(expr.Type)}\" for range query, must be Scalar or instant Vector");
        }
        if (stepMs <= 0)
            throw new PromQLException(PromErrorType.BadData, "zero or negative query resolution step widths are not accepted. Try a positive integer");
        if (endMs < startMs)
            throw new PromQLException(PromErrorType.BadData, "end timestamp must not be before start time");
        if ((endMs - startMs) / stepMs > Options.MaxPointsPerSeries)
        {
            throw new PromQLException(PromErrorType.BadData,
                "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
        }
        return Run(tenant, startMs, endMs, timeout, cancellationToken, evaluator =>
        {
            var grid = new EvalGrid(startMs, endMs, stepMs);
            return evaluator.Eval(expr, grid) switch
            {
                ScalarSteps s => ScalarMatrix(s, grid),
                StepMatrix m => ToMatrix(m, grid),
                _ => throw new PromQLException(PromErrorType.Internal, "unexpected result"),
            };
        });
    }

    private PromQLResult Run(string tenant, long startMs, long endMs, TimeSpan? timeout, CancellationToken cancellationToken, Func<Evaluator, PromValue> evaluate)
    {
        var limit = timeout is { } t && t > TimeSpan.Zero && t < Options.Timeout ? t : Options.Timeout;
        var stats = new PromQLStats();
        var clock = Stopwatch.StartNew();
        using var storageCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        storageCancel.CancelAfter(limit);
        var budget = new QueryBudget(Options.MaxSamples, limit, cancellationToken, stats);
        var evaluator = new Evaluator(Reader, tenant, Options, budget, startMs, endMs, storageCancel.Token);
        try
        {
            var value = evaluate(evaluator);
            stats.EvalTime = clock.Elapsed;
            stats.TotalTime = clock.Elapsed;
            return new PromQLResult(value, [], stats);
        }
        catch (OperationCanceledException)
        {
            budget.CheckNow();
            throw PromErrors.Timeout();
        }
    }

    private static PromExpr Unwrap(PromExpr e)
    {
        while (e is ParenExpr p) e = p.Expr;
        return e;
    }

    private static string DocumentedType(PromValueType type) => type switch
    {
        PromValueType.Scalar => "scalar",
        PromValueType.Vector => "instant vector",
        PromValueType.Matrix => "range vector",
        PromValueType.String => "string",
        _ => "none",
    };

    private static VectorValue ToVector(StepMatrix m, long timeMs)
    {
        var samples = new List<Sample>(m.Series.Count);
        foreach (var s in m.Series)
        {
            var h = s.HistogramAt(0);
            samples.Add(h is not null ? new Sample(s.Metric, timeMs, 0, h) : new Sample(s.Metric, timeMs, s.F[0]));
            s.Return();
        }
        return new VectorValue(samples);
    }

    private static MatrixValue ToMatrix(StepMatrix m, EvalGrid grid)
    {
        var result = new List<Series>(m.Series.Count);
        var steps = grid.Steps;
        foreach (var s in m.Series)
        {
            var series = new Series(s.Metric);
            if (s.Points > 0 && s.H is null) series.Floats.Capacity = s.Points;
            for (var i = 0; i < steps; i++)
            {
                var h = s.HistogramAt(i);
                if (h is not null) series.Histograms.Add(new HPoint(grid.TimeAt(i), h));
                else if (s.HasFloat(i)) series.Floats.Add(new FPoint(grid.TimeAt(i), s.F[i]));
            }
            s.Return();
            result.Add(series);
        }
        result.Sort(static (a, b) => a.Metric.CompareTo(b.Metric));
        return new MatrixValue(result);
    }

    private static MatrixValue ScalarMatrix(ScalarSteps s, EvalGrid grid)
    {
        var series = new Series(LabelSet.Empty);
        series.Floats.Capacity = grid.Steps;
        for (var i = 0; i < grid.Steps; i++) series.Floats.Add(new FPoint(grid.TimeAt(i), s.V[i]));
        return new MatrixValue([series]);
    }
}
