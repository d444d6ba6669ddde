using Orrery.Query.LogQL.Syntax;
using Orrery.Query.PromQL.Engine;
using Orrery.Query.PromQL.Functions;
using Orrery.Query.PromQL.Syntax;
using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;

namespace Orrery.Query.Tests.PromQL.Functions;

/// <summary>Calls functions by name the way the engine does, on hand-made windows and vectors.</summary>
internal static class FunctionKit
{
    public readonly record struct RangeResult(bool Produced, double Value, NativeHistogram? Histogram);

    /// <summary>Points from (seconds, value) pairs.</summary>
    public static FPoint[] Points(params (double Seconds, double Value)[] points) =>
        points.Select(p => new FPoint((long)(p.Seconds * 1000), p.Value)).ToArray();

    public static RangeResult Range(
        string name, FPoint[] floats, double startSeconds, double endSeconds,
        double[]? scalars = null, HPoint[]? histograms = null, double? evalSeconds = null)
    {
        Assert.True(FunctionImplementations.TryGetRange(name, out var fn), name + " is a range function");
        var window = new RangeWindow(
            floats, histograms ?? [], (long)(startSeconds * 1000), (long)(endSeconds * 1000), scalars ?? [double.NaN],
            evalSeconds is null ? long.MinValue : (long)(evalSeconds.Value * 1000));
        var produced = fn(in window, out var value, out var histogram);
        return new RangeResult(produced, value, histogram);
    }

    public static List<Sample> Instant(string name, IReadOnlyList<Sample> vector, double[]? scalars = null, string?[]? strings = null, long timeMs = 0, IReadOnlyList<PromExpr>? argExprs = null)
    {
        Assert.True(FunctionImplementations.TryGetInstant(name, out var fn), name + " is an instant function");
        var output = new List<Sample>();
        var args = argExprs ?? [new VectorSelector("x", EquatableList<Orrery.Signals.Labels.LabelMatcher>.Empty)];
        fn(new FunctionCall
        {
            TimestampMs = timeMs,
            ArgExprs = args,
            Vector = vector,
            Scalars = scalars ?? Enumerable.Repeat(double.NaN, Math.Max(args.Count, 1)).ToArray(),
            Strings = strings ?? new string?[Math.Max(args.Count, 1)],
        }, output);
        return output;
    }

    public static Sample S(double value, params (string Name, string Value)[] labels) => new(LabelSet.From(labels), 0, value);

    public static LabelSet L(params (string Name, string Value)[] labels) => LabelSet.From(labels);

    /// <summary>Equal within 1e-12 relative (NaN equals NaN), for values computed along a different path.</summary>
    public static void Close(double expected, double actual)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"expected NaN, got {actual}");
            return;
        }
        if (double.IsInfinity(expected) || expected == 0)
        {
            Assert.Equal(expected, actual);
            return;
        }
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");
    }
}
