using Orrery.Query.PromQL.Functions;
using Orrery.Query.PromQL.Syntax;
using Orrery.Signals.Labels;

namespace Orrery.Query.PromQL.Engine;

internal sealed partial class Evaluator
{
    private object EvalCall(Call call, EvalGrid grid)
    {
        var name = call.Function.Name;
        var matrixIndex = -1;
        for (var i = 0; i < call.Args.Count; i++)
        {
            if (Unwrap(call.Args[i]) is MatrixSelector or SubqueryExpr) matrixIndex = i;
        }
        if (matrixIndex >= 0)
        {
            if (name == "absent_over_time") return EvalAbsentOverTime(Unwrap(call.Args[matrixIndex]), grid);
            if (!FunctionImplementations.TryGetRange(name, out var range)) throw PromErrors.NotImplemented(name);
            return EvalRangeFunction(call, range, matrixIndex, grid);
        }
        if (!FunctionImplementations.TryGetInstant(name, out var instant)) throw PromErrors.NotImplemented(name);
        return EvalInstantFunction(call, instant, grid);
    }

    /// <summary>The scalar arguments of a call, evaluated over the grid (null at other indexes).</summary>
    private ScalarSteps?[] ScalarArgs(Call call, EvalGrid grid)
    {
        var result = new ScalarSteps?[call.Args.Count];
        for (var i = 0; i < call.Args.Count; i++)
        {
            if (call.Args[i].Type == PromValueType.Scalar) result[i] = EvalScalar(call.Args[i], grid);
        }
        return result;
    }

    private static void FillScalars(ScalarSteps?[] args, double[] into, int step)
    {
        for (var j = 0; j < args.Length; j++) into[j] = args[j] is { } s ? s.V[step] : double.NaN;
    }

    /// <summary>A range-vector function: per series, per step, over the window the selector or subquery gives.</summary>
    private StepMatrix EvalRangeFunction(Call call, RangeFunction fn, int matrixIndex, EvalGrid grid)
    {
        var scalarArgs = ScalarArgs(call, grid);
        var builder = new StepMatrixBuilder(grid.Steps, budget);
        var keepName = call.Function.Name == "last_over_time";
        using var cursor = new RangeCursor();
        var state = new RangeCallState(fn, scalarArgs, new double[call.Args.Count], builder, keepName);
        switch (Unwrap(call.Args[matrixIndex]))
        {
            case MatrixSelector ms:
                foreach (var (stored, c) in SelectRange(ms, grid, cursor))
                {
                    ApplyWindows(state, stored.Labels, c, ms.Selector.At, ms.Selector.OffsetMs, ms.RangeMs, grid);
                }
                break;
            case SubqueryExpr sq:
                var (inner, innerGrid) = EvalSubqueryInner(sq, grid);
                foreach (var s in inner.Series)
                {
                    budget.Tick();
                    cursor.Reset(new StepSeriesIterator(s, innerGrid));
                    ApplyWindows(state, s.Metric, cursor, sq.At, sq.OffsetMs, sq.RangeMs, grid);
                }
                inner.Release(budget);
                break;
        }
        return builder.Build();
    }

    private sealed record RangeCallState(RangeFunction Fn, ScalarSteps?[] ScalarArgs, double[] Scalars, StepMatrixBuilder Builder, bool KeepName);

    private void ApplyWindows(RangeCallState state, LabelSet labels, RangeCursor cursor, AtModifier at, long offsetMs, long rangeMs, EvalGrid grid)
    {
        StepSeries? output = null;
        long held = 0;
        for (var i = 0; i < grid.Steps; i++)
        {
            var t = grid.TimeAt(i);
            var maxt = ReferenceTime(at, offsetMs, t);
            var mint = maxt - rangeMs;
            cursor.Advance(mint, maxt);
            var count = cursor.Count;
            budget.Hold(count - held);
            held = count;
            if (count == 0) continue;
            budget.Read(count);
            FillScalars(state.ScalarArgs, state.Scalars, i);
            // Under @ the call is step-invariant: Prometheus evaluates it once, at the grid's start.
            var evalTime = at.IsSet ? grid.StartMs : t;
            var window = new RangeWindow(cursor.Floats, cursor.Histograms, mint, maxt, state.Scalars, evalTime);
            if (!state.Fn(in window, out var value, out var histogram)) continue;
            output ??= state.Builder.Series(state.KeepName ? labels : LabelOps.DropName(labels));
            state.Builder.Add(output, i, value, histogram);
        }
        budget.Release(held);
    }

    /// <summary>
    /// absent_over_time: 1 at the steps where no selected series has a point in its window, with
    /// the labels the selector's equality matchers name (none for a subquery).
    /// </summary>
    private StepMatrix EvalAbsentOverTime(PromExpr arg, EvalGrid grid)
    {
        var steps = grid.Steps;
        var present = new bool[steps];
        using var cursor = new RangeCursor();
        LabelSet labels;
        if (arg is MatrixSelector ms)
        {
            labels = AbsentFunctions.LabelsFor(ms);
            foreach (var (_, c) in SelectRange(ms, grid, cursor)) MarkPresent(c, ms.Selector.At, ms.Selector.OffsetMs, ms.RangeMs, grid, present);
        }
        else
        {
            var sq = (SubqueryExpr)arg;
            labels = LabelSet.Empty;
            var (inner, innerGrid) = EvalSubqueryInner(sq, grid);
            foreach (var s in inner.Series)
            {
                cursor.Reset(new StepSeriesIterator(s, innerGrid));
                MarkPresent(cursor, sq.At, sq.OffsetMs, sq.RangeMs, grid, present);
            }
            inner.Release(budget);
        }
        var builder = new StepMatrixBuilder(steps, budget);
        StepSeries? output = null;
        for (var i = 0; i < steps; i++)
        {
            if (present[i]) continue;
            output ??= builder.Series(labels);
            builder.Add(output, i, 1);
        }
        return builder.Build();
    }

    private void MarkPresent(RangeCursor cursor, AtModifier at, long offsetMs, long rangeMs, EvalGrid grid, bool[] present)
    {
        for (var i = 0; i < grid.Steps; i++)
        {
            var maxt = ReferenceTime(at, offsetMs, grid.TimeAt(i));
            cursor.Advance(maxt - rangeMs, maxt);
            if (cursor.Count > 0) present[i] = true;
        }
    }

    /// <summary>A function of instant vectors, scalars and strings, called once per step.</summary>
    private object EvalInstantFunction(Call call, InstantFunction fn, EvalGrid grid)
    {
        var steps = grid.Steps;
        var args = call.Args;
        StepMatrix? vector = null;
        var strings = new string?[args.Count];
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].Type == PromValueType.Vector)
            {
                // timestamp() of a plain selector answers the sample's own time, not the step's.
                vector = call.Function.Name == "timestamp" && Unwrap(args[i]) is VectorSelector vs
                    ? EvalVectorSelector(vs, grid, keepSampleTimes: true)
                    : EvalVector(args[i], grid);
            }
            else if (args[i].Type == PromValueType.String)
            {
                strings[i] = Eval(args[i], grid) as string;
            }
        }
        var scalarArgs = ScalarArgs(call, grid);
        var scalars = new double[args.Count];
        var input = new List<Sample>();
        var output = new List<Sample>();
        var returnsScalar = call.Function.ReturnType == PromValueType.Scalar;
        var scalarOut = returnsScalar ? new double[steps] : null;
        var builder = new StepMatrixBuilder(steps, budget);
        for (var i = 0; i < steps; i++)
        {
            budget.Tick();
            var t = grid.TimeAt(i);
            FillScalars(scalarArgs, scalars, i);
            input.Clear();
            if (vector is not null) AppendStep(vector, i, t, input);
            output.Clear();
            fn(new FunctionCall { TimestampMs = t, ArgExprs = args, Vector = input, Scalars = scalars, Strings = strings }, output);
            if (scalarOut is not null)
            {
                scalarOut[i] = output.Count > 0 ? output[0].F : double.NaN;
                continue;
            }
            foreach (var o in output) builder.Add(builder.Series(o.Metric), i, o.F, o.H);
        }
        vector?.Release(budget);
        return scalarOut is not null ? new ScalarSteps(scalarOut) : builder.Build();
    }

    /// <summary>The instant vector of one step, in series order.</summary>
    private static void AppendStep(StepMatrix matrix, int step, long t, List<Sample> into)
    {
        foreach (var s in matrix.Series)
        {
            var h = s.HistogramAt(step);
            if (h is not null) into.Add(new Sample(s.Metric, s.SampleTimes?[step] ?? t, 0, h));
            else if (s.HasFloat(step)) into.Add(new Sample(s.Metric, s.SampleTimes?[step] ?? t, s.F[step]));
        }
    }
}
