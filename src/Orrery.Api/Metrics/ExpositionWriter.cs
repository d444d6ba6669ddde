using System.Globalization;
using System.Text;
using Orrery.Api.Prometheus;

namespace Orrery.Api.Metrics;

/// <summary>
/// Writes metric families in the Prometheus text format 0.0.4 or OpenMetrics 1.0. The two
/// differ in a few places, all here: OpenMetrics names a counter family without <c>_total</c>,
/// has <c># UNIT</c>, escapes quotes in help text, writes <c>le</c> canonically ("1.0"),
/// carries exemplars, and ends with <c># EOF</c>.
/// </summary>
internal sealed class ExpositionWriter(ExpositionFormat format)
{
    private readonly StringBuilder _text = new();

    public ExpositionFormat Format => format;

    public bool IsOpenMetrics => format == ExpositionFormat.OpenMetrics;

    /// <summary>The <c># TYPE</c>, <c># UNIT</c> (OpenMetrics, when the name ends with it) and <c># HELP</c> lines.</summary>
    public void Family(string name, string type, string? unit, string help)
    {
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        if (IsOpenMetrics && unit is not null && name.EndsWith("_" + unit, StringComparison.Ordinal))
            _text.Append("# UNIT ").Append(name).Append(' ').Append(unit).Append('\n');
        _text.Append("# HELP ").Append(name).Append(' ');
        foreach (var c in help)
        {
            switch (c)
            {
                case '\\': _text.Append("\\\\"); break;
                case '\n': _text.Append("\\n"); break;
                case '"' when IsOpenMetrics: _text.Append("\\\""); break;
                default: _text.Append(c); break;
            }
        }
        _text.Append('\n');
    }

    /// <summary>One sample; <paramref name="labels"/> is a rendered <c>{…}</c> or "".</summary>
    public void Sample(string name, string labels, double value, Exemplar? exemplar = null)
    {
        _text.Append(name).Append(labels).Append(' ').Append(FormatValue(value));
        if (IsOpenMetrics && exemplar is { } e)
        {
            // The trace and span ids are 48 characters with their names: within OpenMetrics's 128-character budget for exemplar labels.
            _text.Append(" # {trace_id=\"").Append(e.TraceId.ToHexString())
                .Append("\",span_id=\"").Append(e.SpanId.ToHexString())
                .Append("\"} ").Append(FormatValue(e.Value))
                .Append(' ').Append(PrometheusFloat.FormatTimestamp(e.TimestampMs));
        }
        _text.Append('\n');
    }

    /// <summary>A bucket bound: OpenMetrics wants canonical numbers ("1.0"), the text format keeps the shortest form ("1").</summary>
    public string BucketBound(double bound) => IsOpenMetrics
        ? PrometheusFloat.FormatCanonical(bound)
        : double.IsPositiveInfinity(bound) ? "+Inf" : FormatValue(bound);

    public override string ToString() => IsOpenMetrics ? _text.ToString() + "# EOF\n" : _text.ToString();

    private static string FormatValue(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);
}
