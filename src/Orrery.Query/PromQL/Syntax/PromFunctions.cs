using System.Collections.Frozen;

namespace Orrery.Query.PromQL.Syntax;

/// <summary>
/// A PromQL function's signature. <see cref="Variadic"/> follows Prometheus: 0 means exactly
/// <see cref="ArgTypes"/>; a positive n means the last argument type is optional and may
/// appear up to n times (so between <c>ArgTypes.Length - 1</c> and <c>ArgTypes.Length - 1 + n</c>
/// arguments); -1 means the last type may repeat without bound (at least
/// <c>ArgTypes.Length - 1</c> arguments).
/// </summary>
public sealed record PromFunction(string Name, PromValueType[] ArgTypes, int Variadic, PromValueType ReturnType)
{
    public int MinArgs => Variadic == 0 ? ArgTypes.Length : ArgTypes.Length - 1;

    /// <summary>The most arguments allowed, or <see cref="int.MaxValue"/>.</summary>
    public int MaxArgs => Variadic switch
    {
        0 => ArgTypes.Length,
        < 0 => int.MaxValue,
        _ => ArgTypes.Length - 1 + Variadic,
    };

    /// <summary>The expected type of argument <paramref name="index"/>.</summary>
    public PromValueType ArgType(int index) => ArgTypes[Math.Min(index, ArgTypes.Length - 1)];

    // Functions compare by name: there is one definition per name.
    public bool Equals(PromFunction? other) => other is not null && Name == other.Name;

    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
}

/// <summary>Every function of Prometheus 2.x, by name, with its argument and return types.</summary>
public static class PromFunctions
{
    private const PromValueType S = PromValueType.Scalar;
    private const PromValueType V = PromValueType.Vector;
    private const PromValueType M = PromValueType.Matrix;
    private const PromValueType Str = PromValueType.String;

    private static readonly PromFunction[] s_all =
    [
        // Instant-vector math: one vector in, one vector out, metric name dropped.
        .. new[]
        {
            "abs", "ceil", "floor", "exp", "sqrt", "ln", "log2", "log10", "sgn",
            "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
            "deg", "rad",
        }.Select(n => new PromFunction(n, [V], 0, V)),

        // Range-vector functions over one series window.
        .. new[]
        {
            "rate", "irate", "increase", "delta", "idelta", "deriv", "resets", "changes",
            "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time",
            "stddev_over_time", "stdvar_over_time", "last_over_time", "present_over_time", "mad_over_time",
        }.Select(n => new PromFunction(n, [M], 0, V)),
        new("quantile_over_time", [S, M], 0, V),
        new("predict_linear", [M, S], 0, V),
        new("holt_winters", [M, S, S], 0, V),
        new("double_exponential_smoothing", [M, S, S], 0, V),
        new("absent", [V], 0, V),
        new("absent_over_time", [M], 0, V),

        new("clamp", [V, S, S], 0, V),
        new("clamp_max", [V, S], 0, V),
        new("clamp_min", [V, S], 0, V),
        new("round", [V, S], 1, V),

        new("histogram_quantile", [S, V], 0, V),
        new("histogram_fraction", [S, S, V], 0, V),
        new("histogram_count", [V], 0, V),
        new("histogram_sum", [V], 0, V),
        new("histogram_avg", [V], 0, V),
        new("histogram_stddev", [V], 0, V),
        new("histogram_stdvar", [V], 0, V),

        new("label_replace", [V, Str, Str, Str, Str], 0, V),
        new("label_join", [V, Str, Str, Str], -1, V),

        new("sort", [V], 0, V),
        new("sort_desc", [V], 0, V),
        new("sort_by_label", [V, Str], -1, V),
        new("sort_by_label_desc", [V, Str], -1, V),

        new("scalar", [V], 0, S),
        new("vector", [S], 0, V),
        new("time", [], 0, S),
        new("pi", [], 0, S),
        new("timestamp", [V], 0, V),

        // Calendar functions: the vector argument is optional (default vector(time())).
        .. new[] { "day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year" }
            .Select(n => new PromFunction(n, [V], 1, V)),
    ];

    private static readonly FrozenDictionary<string, PromFunction> s_byName =
        s_all.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    public static IReadOnlyCollection<PromFunction> All => s_all;

    public static bool TryGet(string name, out PromFunction function) => s_byName.TryGetValue(name, out function!);

    public static PromFunction Get(string name) =>
        s_byName.TryGetValue(name, out var f) ? f : throw new KeyNotFoundException("unknown function " + name);
}
