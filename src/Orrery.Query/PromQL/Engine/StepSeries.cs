using System.Buffers;
using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;

namespace Orrery.Query.PromQL.Engine;

/// <summary>
/// One series of an instant-vector expression over all steps of its grid: a float per step (the
/// <see cref="Absent"/> bit pattern where the series has no value) and, only when the series
/// holds native histograms, a histogram per step. Arrays come from <see cref="ArrayPool{T}"/>
/// and are owned by the series until <see cref="Return"/>.
/// </summary>
internal sealed class StepSeries
{
    /// <summary>
    /// "No value at this step": the stale-marker NaN. A stale sample means no value anyway, and
    /// arithmetic never yields this signalling-NaN pattern, so it cannot collide with a result.
    /// </summary>
    public static readonly double Absent = StaleMarker.Value;

    private StepSeries(LabelSet metric, double[] floats)
    {
        Metric = metric;
        F = floats;
    }

    public LabelSet Metric { get; set; }

    public double[] F { get; private set; }

    public NativeHistogram?[]? H { get; private set; }

    /// <summary>The sampled timestamps behind each step (only for <c>timestamp(selector)</c>).</summary>
    public long[]? SampleTimes { get; set; }

    /// <summary>Steps that hold a value (float or histogram).</summary>
    public int Points { get; set; }

    public static StepSeries Rent(LabelSet metric, int steps)
    {
        var floats = ArrayPool<double>.Shared.Rent(steps);
        Array.Fill(floats, Absent, 0, steps);
        return new StepSeries(metric, floats);
    }

    public static bool IsAbsent(double value) => StaleMarker.Is(value);

    public bool HasFloat(int step) => !StaleMarker.Is(F[step]);

    public bool Has(int step) => !StaleMarker.Is(F[step]) || (H is not null && H[step] is not null);

    public NativeHistogram? HistogramAt(int step) => H?[step];

    public void SetHistogram(int step, NativeHistogram histogram, int steps)
    {
        if (H is null)
        {
            H = ArrayPool<NativeHistogram?>.Shared.Rent(steps);
            Array.Clear(H, 0, steps);
        }
        H[step] = histogram;
    }

    public void Return()
    {
        ArrayPool<double>.Shared.Return(F);
        F = [];
        if (H is not null)
        {
            ArrayPool<NativeHistogram?>.Shared.Return(H, clearArray: true);
            H = null;
        }
    }
}
