using Orrery.Query.PromQL.Engine;

namespace Orrery.Query.PromQL.Functions;

/// <summary>Element-wise math on an instant vector: the metric name is dropped, histogram samples skipped.</summary>
internal static class MathFunctions
{
    public static InstantFunction Simple(Func<double, double> f) => (call, output) =>
    {
        foreach (var s in call.Vector)
        {
            if (s.IsHistogram) continue;
            output.Add(new Sample(LabelEdits.DropMetricName(s.Metric), call.TimestampMs, f(s.F)));
        }
    };

    /// <summary>The simple functions by name.</summary>
    public static IEnumerable<(string Name, InstantFunction Function)> All()
    {
        yield return ("abs", Simple(Math.Abs));
        yield return ("ceil", Simple(Math.Ceiling));
        yield return ("floor", Simple(Math.Floor));
        yield return ("exp", Simple(Math.Exp));
        yield return ("sqrt", Simple(Math.Sqrt));
        yield return ("ln", Simple(Math.Log));
        yield return ("log2", Simple(Math.Log2));
        yield return ("log10", Simple(Math.Log10));
        yield return ("sgn", Simple(v => v < 0 ? -1 : v > 0 ? 1 : v));
        yield return ("sin", Simple(Math.Sin));
        yield return ("cos", Simple(Math.Cos));
        yield return ("tan", Simple(Math.Tan));
        yield return ("asin", Simple(Math.Asin));
        yield return ("acos", Simple(Math.Acos));
        yield return ("atan", Simple(Math.Atan));
        yield return ("sinh", Simple(Math.Sinh));
        yield return ("cosh", Simple(Math.Cosh));
        yield return ("tanh", Simple(Math.Tanh));
        yield return ("asinh", Simple(Math.Asinh));
        yield return ("acosh", Simple(Math.Acosh));
        yield return ("atanh", Simple(Math.Atanh));
        yield return ("deg", Simple(v => v * 180 / Math.PI));
        yield return ("rad", Simple(v => v * Math.PI / 180));
        yield return ("clamp", Clamp);
        yield return ("clamp_min", ClampMin);
        yield return ("clamp_max", ClampMax);
        yield return ("round", Round);
    }

    /// <summary><c>clamp(v, min, max)</c>; nothing at all when min &gt; max.</summary>
    public static void Clamp(FunctionCall call, List<Sample> output)
    {
        var min = call.Scalars[1];
        var max = call.Scalars[2];
        if (max < min) return;
        foreach (var s in call.Vector)
        {
            if (s.IsHistogram) continue;
            output.Add(new Sample(LabelEdits.DropMetricName(s.Metric), call.TimestampMs, Math.Max(min, Math.Min(max, s.F))));
        }
    }

    public static void ClampMin(FunctionCall call, List<Sample> output)
    {
        var min = call.Scalars[1];
        foreach (var s in call.Vector)
        {
            if (s.IsHistogram) continue;
            output.Add(new Sample(LabelEdits.DropMetricName(s.Metric), call.TimestampMs, Math.Max(min, s.F)));
        }
    }

    public static void ClampMax(FunctionCall call, List<Sample> output)
    {
        var max = call.Scalars[1];
        foreach (var s in call.Vector)
        {
            if (s.IsHistogram) continue;
            output.Add(new Sample(LabelEdits.DropMetricName(s.Metric), call.TimestampMs, Math.Min(max, s.F)));
        }
    }

    /// <summary><c>round(v, to_nearest=1)</c>: halves round up (towards +Inf), as Go's floor(x+0.5).</summary>
    public static void Round(FunctionCall call, List<Sample> output)
    {
        var toNearest = call.Scalars.Length > 1 ? call.Scalars[1] : 1;
        // Dividing by the inverse (not multiplying by toNearest) matches Prometheus's rounding error.
        var inverse = 1.0 / toNearest;
        foreach (var s in call.Vector)
        {
            if (s.IsHistogram) continue;
            output.Add(new Sample(LabelEdits.DropMetricName(s.Metric), call.TimestampMs, Math.Floor(s.F * inverse + 0.5) / inverse));
        }
    }
}
