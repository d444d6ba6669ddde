using System.Globalization;
using Orrery.Query.PromQL.Engine;
using Orrery.Query.PromQL.Syntax;

namespace Orrery.Query.Tests.PromQL.Engine;

/// <summary>Runs queries over a <see cref="MemoryMetricReader"/> and prints results compactly for assertions.</summary>
internal static class EngineKit
{
    public const long S = 1000;

    public static PromQLResult Instant(MemoryMetricReader reader, string query, long timeMs, PromQLOptions? options = null) =>
        new PromQLEngine(reader, options).Instant("t", PromQLParser.Parse(query), timeMs);

    public static PromQLResult Range(MemoryMetricReader reader, string query, long startMs, long endMs, long stepMs, PromQLOptions? options = null) =>
        new PromQLEngine(reader, options).Range("t", PromQLParser.Parse(query), startMs, endMs, stepMs);

    /// <summary>Each sample as <c>{labels} value</c>, in result order.</summary>
    public static string[] Lines(PromQLResult result) => result.Value switch
    {
        VectorValue v => [.. v.Samples.Select(s => $"{s.Metric} {Num(s.F)}")],
        ScalarValue s => [Num(s.V)],
        MatrixValue m => [.. m.Series.Select(s => $"{s.Metric} {string.Join(" ", s.Floats.Select(p => $"{Num(p.F)}@{p.T / (double)S}"))}")],
        StringValue s => [s.V],
        _ => [],
    };

    public static string[] SortedLines(PromQLResult result) => [.. Lines(result).Order(StringComparer.Ordinal)];

    public static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Samples every <paramref name="everyMs"/> from 0 to <paramref name="toMs"/> whose value is the time in seconds.</summary>
    public static (long, double)[] Ramp(long toMs, long everyMs)
    {
        var list = new List<(long, double)>();
        for (var t = 0L; t <= toMs; t += everyMs) list.Add((t, t / (double)S));
        return [.. list];
    }
}
