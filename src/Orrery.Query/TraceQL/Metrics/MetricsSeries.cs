using System.Globalization;
using System.Text;
using Orrery.Query.TraceQL.Syntax;

namespace Orrery.Query.TraceQL.Metrics;

/// <summary>A series label: Tempo's labels are typed (a status is a status, an int an int).</summary>
public readonly record struct MetricsLabel(string Name, StaticValue Value);

/// <summary>One result series: labels in query order and one value per interval (NaN where there is none).</summary>
public sealed class MetricsSeries(IReadOnlyList<MetricsLabel> labels, double[] values)
{
    public IReadOnlyList<MetricsLabel> Labels { get; } = labels;

    public double[] Values { get; } = values;

    /// <summary>
    /// The labels as Prometheus text, as Tempo's <c>promLabels</c> writes them: sorted by name,
    /// ints as <c>int(5)</c>, nil as <c>&lt;nil&gt;</c>, empty strings as <c>&lt;empty&gt;</c>.
    /// </summary>
    public string PromLabels
    {
        get
        {
            var text = new StringBuilder("{");
            var first = true;
            foreach (var label in Labels.OrderBy(l => l.Name, StringComparer.Ordinal))
            {
                if (!first) text.Append(", ");
                first = false;
                text.Append(label.Name).Append("=\"");
                foreach (var c in PromValue(label.Value))
                {
                    if (c is '"' or '\\') text.Append('\\');
                    if (c == '\n') text.Append("\\n");
                    else text.Append(c);
                }
                text.Append('"');
            }
            return text.Append('}').ToString();
        }
    }

    private static string PromValue(StaticValue value) => value.Type switch
    {
        StaticType.Nil => "<nil>",
        StaticType.String => value.Text switch
        {
            "nil" => "<nil>",
            "" or null => "<empty>",
            var s => s,
        },
        StaticType.Int => "int(" + value.Int.ToString(CultureInfo.InvariantCulture) + ")",
        StaticType.Float => value.Float.ToString("R", CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}

/// <summary>What a metrics query produced.</summary>
/// <param name="Intervals">Where each value index of a series is reported.</param>
/// <param name="Partial">True when the series limit cut the answer short; <paramref name="Message"/> says so.</param>
public sealed record MetricsResult(
    IReadOnlyList<MetricsSeries> Series,
    IntervalMapper Intervals,
    long InspectedTraces,
    long InspectedSpans,
    bool Partial = false,
    string? Message = null);
