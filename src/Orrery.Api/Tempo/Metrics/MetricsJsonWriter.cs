using System.Globalization;
using System.Text.Json;
using Orrery.Query.TraceQL.Metrics;
using Orrery.Query.TraceQL.Syntax;

namespace Orrery.Api.Tempo.Metrics;

/// <summary>
/// Writes metrics answers as Tempo's <c>QueryRangeResponse</c> / <c>QueryInstantResponse</c> in the
/// protobuf JSON mapping Tempo uses (64-bit integers as strings), which Grafana's Tempo data source reads.
/// </summary>
public static class MetricsJsonWriter
{
    public static void Write(Utf8JsonWriter json, TempoResult result)
    {
        ArgumentNullException.ThrowIfNull(json);
        switch (result)
        {
            case MetricsRangeResult range:
                WriteRange(json, range.Result);
                break;
            case MetricsInstantResult instant:
                WriteInstant(json, instant.Result);
                break;
            default:
                throw new ArgumentException($"not a metrics result: {result.GetType().Name}", nameof(result));
        }
    }

    private static void WriteRange(Utf8JsonWriter json, MetricsResult result)
    {
        json.WriteStartObject();
        json.WriteStartArray("series");
        foreach (var series in result.Series)
        {
            // Like Tempo, a series without a single value is left out; NaN marks "no value".
            if (Array.TrueForAll(series.Values, double.IsNaN)) continue;
            json.WriteStartObject();
            WriteLabels(json, series);
            json.WriteStartArray("samples");
            for (var i = 0; i < series.Values.Length; i++)
            {
                if (double.IsNaN(series.Values[i])) continue;
                json.WriteStartObject();
                json.WriteString("timestampMs", (result.Intervals.TimestampOf(i) / 1_000_000).ToString(CultureInfo.InvariantCulture));
                WriteDouble(json, "value", series.Values[i]);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteString("promLabels", series.PromLabels);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        WriteTrailer(json, result);
        json.WriteEndObject();
    }

    private static void WriteInstant(Utf8JsonWriter json, MetricsResult result)
    {
        json.WriteStartObject();
        json.WriteStartArray("series");
        foreach (var series in result.Series)
        {
            if (series.Values.Length == 0 || double.IsNaN(series.Values[0])) continue;
            json.WriteStartObject();
            WriteLabels(json, series);
            WriteDouble(json, "value", series.Values[0]);
            json.WriteString("promLabels", series.PromLabels);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        WriteTrailer(json, result);
        json.WriteEndObject();
    }

    private static void WriteLabels(Utf8JsonWriter json, MetricsSeries series)
    {
        json.WriteStartArray("labels");
        foreach (var label in series.Labels)
        {
            json.WriteStartObject();
            json.WriteString("key", label.Name);
            json.WritePropertyName("value");
            WriteAnyValue(json, label.Value);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>A label value as an OTLP AnyValue, typed as Tempo types it (status, kind, duration and nil as strings).</summary>
    public static void WriteAnyValue(Utf8JsonWriter json, StaticValue value)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(value);
        json.WriteStartObject();
        switch (value.Type)
        {
            case StaticType.Int:
                json.WriteString("intValue", value.Int.ToString(CultureInfo.InvariantCulture));
                break;
            case StaticType.Float:
                WriteDouble(json, "doubleValue", value.Float);
                break;
            case StaticType.Boolean:
                json.WriteBoolean("boolValue", value.Int != 0);
                break;
            case StaticType.String:
                json.WriteString("stringValue", value.Text ?? "");
                break;
            default:
                json.WriteString("stringValue", TraceQLPrinter.PrintStatic(value));
                break;
        }
        json.WriteEndObject();
    }

    private static void WriteTrailer(Utf8JsonWriter json, MetricsResult result)
    {
        json.WriteStartObject("metrics");
        json.WriteNumber("inspectedTraces", result.InspectedTraces);
        json.WriteString("inspectedBytes", "0");
        json.WriteString("inspectedSpans", result.InspectedSpans.ToString(CultureInfo.InvariantCulture));
        json.WriteNumber("totalJobs", 1);
        json.WriteNumber("completedJobs", 1);
        json.WriteEndObject();
        if (result.Partial)
        {
            json.WriteString("status", "PARTIAL");
            json.WriteString("message", result.Message ?? "");
        }
    }

    /// <summary>Proto3 JSON writes non-finite doubles as the strings "NaN", "Infinity", "-Infinity".</summary>
    private static void WriteDouble(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteString(name, double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }
}
