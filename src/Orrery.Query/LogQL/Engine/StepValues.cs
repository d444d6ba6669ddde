using Orrery.Signals.Labels;

namespace Orrery.Query.LogQL.Engine;

/// <summary>An evaluated metric sub-expression: one value per step, for a scalar or for each series of a vector.</summary>
internal abstract class StepValues;

internal sealed class ScalarSteps(double[] values) : StepValues
{
    public double[] Values { get; } = values;
}

/// <summary>One series over the query's steps; <see cref="Present"/> says at which steps it has a value.</summary>
internal sealed class StepSeries(LabelSet labels, int steps)
{
    public LabelSet Labels { get; set; } = labels;

    public double[] Values { get; } = new double[steps];

    public bool[] Present { get; } = new bool[steps];

    public void Set(int step, double value)
    {
        Values[step] = value;
        Present[step] = true;
    }

    public bool Any() => Array.IndexOf(Present, true) >= 0;
}

internal sealed class VectorSteps(List<StepSeries> series) : StepValues
{
    public List<StepSeries> Series { get; } = series;

    /// <summary>Set by sort/sort_desc so an instant result keeps their order.</summary>
    public bool Ordered { get; set; }
}

/// <summary>What every evaluation step needs: the scanner, the step times and the limits.</summary>
internal sealed class EvalContext(LineScanner scanner, long[] steps, LogQLLimits limits)
{
    public LineScanner Scanner { get; } = scanner;

    public long[] Steps { get; } = steps;

    public LogQLLimits Limits { get; } = limits;

    public long SamplesHeld { get; set; }
}
