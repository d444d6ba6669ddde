using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;

namespace Orrery.Query.PromQL.Engine;

/// <summary>A float sample of one series (Prometheus's <c>promql.FPoint</c>); times are Unix milliseconds.</summary>
public readonly record struct FPoint(long T, double F);

/// <summary>A native histogram sample of one series; the histogram is owned by the point (never refilled).</summary>
public readonly record struct HPoint(long T, NativeHistogram H);

/// <summary>
/// One element of an instant vector: a float (<see cref="H"/> null) or a native histogram.
/// </summary>
public readonly record struct Sample(LabelSet Metric, long T, double F, NativeHistogram? H = null)
{
    public bool IsHistogram => H is not null;
}

/// <summary>One series of a range result: its floats and histograms, each in time order.</summary>
public sealed class Series(LabelSet metric)
{
    public LabelSet Metric { get; set; } = metric;

    public List<FPoint> Floats { get; } = [];

    public List<HPoint> Histograms { get; } = [];
}

/// <summary>A query result value.</summary>
public abstract record PromValue
{
    public abstract Syntax.PromValueType Type { get; }
}

/// <summary>An instant vector; order matters only after sort()/sort_desc()/topk-like functions.</summary>
public sealed record VectorValue(IReadOnlyList<Sample> Samples) : PromValue
{
    public override Syntax.PromValueType Type => Syntax.PromValueType.Vector;
}

/// <summary>A range result (range queries, or an instant query of a range selector), series sorted by labels.</summary>
public sealed record MatrixValue(IReadOnlyList<Series> Series) : PromValue
{
    public override Syntax.PromValueType Type => Syntax.PromValueType.Matrix;
}

public sealed record ScalarValue(long T, double V) : PromValue
{
    public override Syntax.PromValueType Type => Syntax.PromValueType.Scalar;
}

public sealed record StringValue(long T, string V) : PromValue
{
    public override Syntax.PromValueType Type => Syntax.PromValueType.String;
}
