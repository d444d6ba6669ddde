using Orrery.Query.PromQL.Syntax;
using Orrery.Storage.Metrics;

namespace Orrery.Query.PromQL.Engine;

/// <summary>A scalar expression's value at every step of its grid.</summary>
internal sealed class ScalarSteps(double[] values)
{
    public double[] V { get; } = values;
}

/// <summary>
/// Evaluates one query: each node over the whole step grid of its context (the query's, or a
/// subquery's), children before parents, like Prometheus 2.42's evaluator. Results are
/// <see cref="StepMatrix"/> (instant vectors), <see cref="ScalarSteps"/> or <see cref="string"/>.
/// </summary>
internal sealed partial class Evaluator(
    IMetricReader reader,
    string tenant,
    PromQLOptions options,
    QueryBudget budget,
    long queryStartMs,
    long queryEndMs,
    CancellationToken storageCancellation)
{
    public object Eval(PromExpr expr, EvalGrid grid)
    {
        budget.Tick();
        switch (expr)
        {
            case NumberLiteral n:
                return Constant(n.Value, grid);
            case StringLiteral s:
                return s.Value;
            case ParenExpr p:
                return Eval(p.Expr, grid);
            case UnaryExpr u:
                return EvalUnary(u, grid);
            case VectorSelector vs:
                return EvalVectorSelector(vs, grid, keepSampleTimes: false);
            case BinaryExpr b:
                return EvalBinary(b, grid);
            case AggregateExpr a:
                return EvalAggregate(a, grid);
            case Call c:
                return EvalCall(c, grid);
            case MatrixSelector or SubqueryExpr:
                throw new PromQLException(PromErrorType.BadData, "range vector is only allowed as a function argument or the whole expression of an instant query");
            default:
                throw new PromQLException(PromErrorType.Internal, "unexpected expression " + expr.GetType().Name);
        }
    }

    public StepMatrix EvalVector(PromExpr expr, EvalGrid grid) =>
        Eval(expr, grid) as StepMatrix ?? throw new PromQLException(PromErrorType.Internal, "expected an instant vector");

    public ScalarSteps EvalScalar(PromExpr expr, EvalGrid grid) =>
        Eval(expr, grid) as ScalarSteps ?? throw new PromQLException(PromErrorType.Internal, "expected a scalar");

    private static ScalarSteps Constant(double value, EvalGrid grid)
    {
        var v = new double[grid.Steps];
        Array.Fill(v, value);
        return new ScalarSteps(v);
    }

    private object EvalUnary(UnaryExpr u, EvalGrid grid)
    {
        var inner = Eval(u.Expr, grid);
        if (!u.Negate) return inner;
        if (inner is ScalarSteps s)
        {
            for (var i = 0; i < s.V.Length; i++) s.V[i] = -s.V[i];
            return s;
        }
        var m = (StepMatrix)inner;
        var steps = grid.Steps;
        var builder = new StepMatrixBuilder(steps, budget);
        foreach (var series in m.Series)
        {
            budget.Tick();
            var outSeries = builder.Series(LabelOps.DropName(series.Metric));
            for (var i = 0; i < steps; i++)
            {
                var h = series.HistogramAt(i);
                if (h is not null) builder.AddHistogram(outSeries, i, Functions.HistogramMath.Scale(h, -1));
                else if (series.HasFloat(i)) builder.Add(outSeries, i, -series.F[i]);
            }
        }
        m.Release(budget);
        return builder.Build();
    }

    /// <summary>
    /// The time a selector or subquery reads at for the step time <paramref name="stepMs"/>:
    /// <c>@</c> pins it (start()/end() are the query's), offset moves it back.
    /// </summary>
    private long ReferenceTime(AtModifier at, long offsetMs, long stepMs) => at.Kind switch
    {
        AtKind.Timestamp => at.TimestampMs - offsetMs,
        AtKind.Start => queryStartMs - offsetMs,
        AtKind.End => queryEndMs - offsetMs,
        _ => stepMs - offsetMs,
    };

    private IReadOnlyList<StoredSeries> Select(VectorSelector vs, long minTimeMs, long maxTimeMs)
    {
        budget.CheckNow();
        try
        {
            return reader.Select(tenant, vs.Matchers, minTimeMs, maxTimeMs, options.MaxSeries, storageCancellation);
        }
        catch (MetricLimitException e)
        {
            throw PromErrors.Execution(e.Message);
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
}
