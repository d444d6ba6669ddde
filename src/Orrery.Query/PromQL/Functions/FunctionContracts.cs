using Orrery.Query.PromQL.Engine;
using Orrery.Query.PromQL.Syntax;
using Orrery.Signals.Metrics;

namespace Orrery.Query.PromQL.Functions;

/// <summary>
/// The points of one series inside one step's window of a range-vector function
/// (<c>rate(x[5m])</c>): samples with <c>RangeStartMs ≤ t ≤ RangeEndMs</c> (Prometheus 2.42
/// includes both ends; left-open windows came with 3.0 — checked against promtool 2.42), offset
/// and <c>@</c> already applied by the engine. <see cref="Scalars"/> holds the
/// function's scalar arguments by argument index evaluated at this step (NaN at the matrix
/// argument's index), e.g. φ of <c>quantile_over_time(φ, m)</c> at index 0.
/// <see cref="EvaluationTimeMs"/> is the step's own time (Prometheus's <c>enh.Ts</c>), which differs
/// from <see cref="RangeEndMs"/> under <c>offset</c>; <c>predict_linear</c> anchors its intercept there.
/// It defaults to <see cref="RangeEndMs"/> when the caller does not pass it.
/// </summary>
public readonly ref struct RangeWindow(
    ReadOnlySpan<FPoint> floats,
    ReadOnlySpan<HPoint> histograms,
    long rangeStartMs,
    long rangeEndMs,
    ReadOnlySpan<double> scalars,
    long evaluationTimeMs = long.MinValue)
{
    public ReadOnlySpan<FPoint> Floats { get; } = floats;

    public ReadOnlySpan<HPoint> Histograms { get; } = histograms;

    public long RangeStartMs { get; } = rangeStartMs;

    public long RangeEndMs { get; } = rangeEndMs;

    public ReadOnlySpan<double> Scalars { get; } = scalars;

    public long EvaluationTimeMs { get; } = evaluationTimeMs == long.MinValue ? rangeEndMs : evaluationTimeMs;
}

/// <summary>
/// A range-vector function for one series at one step. Returns false when the window yields no
/// output sample (e.g. <c>rate</c> over fewer than two points); otherwise sets either
/// <paramref name="value"/> or <paramref name="histogram"/> (a new instance). The engine labels
/// the output with the series' labels, minus the metric name except for <c>last_over_time</c>.
/// </summary>
public delegate bool RangeFunction(in RangeWindow window, out double value, out NativeHistogram? histogram);

/// <summary>
/// The arguments of a non-range function call at one step. Every Prometheus function has at most
/// one instant-vector argument, so it is <see cref="Vector"/>; scalars and strings are by
/// argument index (NaN / null at other indexes).
/// </summary>
public sealed class FunctionCall
{
    public required long TimestampMs { get; init; }

    public required IReadOnlyList<PromExpr> ArgExprs { get; init; }

    public IReadOnlyList<Sample> Vector { get; init; } = [];

    public required double[] Scalars { get; init; }

    public required string?[] Strings { get; init; }
}

/// <summary>
/// A function over instant vectors and scalars at one step: appends its output samples to
/// <paramref name="output"/> with their final labels (it decides whether the metric name is
/// dropped). Functions returning a scalar (<c>scalar</c>, <c>time</c>, <c>pi</c>) append one
/// sample with empty labels. Throws <see cref="PromQLException"/> for bad arguments (e.g. an
/// invalid regex in <c>label_replace</c>).
/// </summary>
public delegate void InstantFunction(FunctionCall call, List<Sample> output);
