using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics;

namespace Orrery.Api.Prometheus;

/// <summary>
/// The one place Prometheus API results become responses: <c>{"status":"success","data":…}</c>
/// or <c>{"status":"error","errorType":"bad_data","error":"…"}</c>, plus <c>warnings</c> when
/// there are any, field for field as <c>web/api/v1/api.go</c> writes them.
/// </summary>
internal static partial class PrometheusResultWriter
{
    public const string ContentType = "application/json";

    public static async Task WriteAsync(HttpContext context, PrometheusResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.StatusCode = StatusCode(result);
        if (result is NoContentResult) return;
        response.ContentType = ContentType;
        await using (var json = new Utf8JsonWriter(response.BodyWriter, ApiJson.Options))
        {
            WriteJson(json, result);
        }
        await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    public static int StatusCode(PrometheusResult result) => result switch
    {
        PrometheusError { StatusCode: { } code } => code,
        NoContentResult => StatusCodes.Status204NoContent,
        PrometheusError error => error.Type switch
        {
            PrometheusErrorType.BadData => StatusCodes.Status400BadRequest,
            PrometheusErrorType.Execution => StatusCodes.Status422UnprocessableEntity,
            PrometheusErrorType.Unavailable or PrometheusErrorType.Timeout => StatusCodes.Status503ServiceUnavailable,
            PrometheusErrorType.Canceled => 499,
            PrometheusErrorType.NotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status500InternalServerError,
        },
        _ => StatusCodes.Status200OK,
    };

    /// <summary>Writes the envelope; exposed for tests, which compare documents without a server.</summary>
    public static void WriteJson(Utf8JsonWriter json, PrometheusResult result)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(result);
        json.WriteStartObject();
        if (result is PrometheusError error)
        {
            json.WriteString("status", "error");
            json.WriteString("errorType", ErrorTypeName(error.Type));
            json.WriteString("error", error.Message);
        }
        else
        {
            json.WriteString("status", "success");
            WriteData(json, result);
        }
        if (result.Warnings.Count > 0)
        {
            json.WriteStartArray("warnings");
            foreach (var warning in result.Warnings) json.WriteStringValue(warning);
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static string ErrorTypeName(PrometheusErrorType type) => type switch
    {
        PrometheusErrorType.BadData => "bad_data",
        PrometheusErrorType.Execution => "execution",
        PrometheusErrorType.Unavailable => "unavailable",
        PrometheusErrorType.Canceled => "canceled",
        PrometheusErrorType.Timeout => "timeout",
        PrometheusErrorType.NotFound => "not_found",
        _ => "internal",
    };

    private static void WriteData(Utf8JsonWriter json, PrometheusResult result)
    {
        switch (result)
        {
            case StringsData strings:
                json.WriteStartArray("data");
                foreach (var value in strings.Values) json.WriteStringValue(value);
                json.WriteEndArray();
                break;
            case SeriesData series:
                json.WriteStartArray("data");
                foreach (var labels in series.Series) WriteLabels(json, labels);
                json.WriteEndArray();
                break;
            case MetadataData metadata:
                WriteMetadata(json, metadata);
                break;
            case ExemplarsData exemplars:
                WriteExemplars(json, exemplars.Series);
                break;
            case TsdbStatusData status:
                WriteTsdbStatus(json, status.Status);
                break;
            case TargetsData targets:
                WriteTargets(json, targets.Targets);
                break;
            case BuildInfoData build:
                json.WriteStartObject("data");
                json.WriteString("version", build.Version);
                json.WriteString("revision", "");
                json.WriteString("branch", "");
                json.WriteString("buildUser", "");
                json.WriteString("buildDate", "");
                json.WriteString("goVersion", "");
                json.WriteEndObject();
                break;
            case ConfigData config:
                json.WriteStartObject("data");
                json.WriteString("yaml", config.Yaml);
                json.WriteEndObject();
                break;
            case FlagsData flags:
                json.WriteStartObject("data");
                foreach (var (name, value) in flags.Flags) json.WriteString(name, value);
                json.WriteEndObject();
                break;
            case RuntimeInfoData runtime:
                WriteRuntimeInfo(json, runtime);
                break;
            default:
                throw new ArgumentException($"no JSON form for {result.GetType().Name}", nameof(result));
        }
    }

    /// <summary>A label set as a JSON object, in label order (Go's map encoding sorts keys the same way).</summary>
    private static void WriteLabels(Utf8JsonWriter json, LabelSet labels)
    {
        json.WriteStartObject();
        foreach (var label in labels.AsSpan()) json.WriteString(label.Name, label.Value);
        json.WriteEndObject();
    }

    private static void WriteLabels(Utf8JsonWriter json, string name, LabelSet labels)
    {
        json.WritePropertyName(name);
        WriteLabels(json, labels);
    }

    private static void WriteMetadata(Utf8JsonWriter json, MetadataData metadata)
    {
        json.WriteStartObject("data");
        foreach (var (metric, entries) in metadata.Metrics)
        {
            json.WriteStartArray(metric);
            foreach (var entry in entries)
            {
                json.WriteStartObject();
                json.WriteString("type", TypeName(entry.Type));
                json.WriteString("help", entry.Help);
                json.WriteString("unit", entry.Unit);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    /// <summary>The type names of Prometheus's <c>model.MetricType</c>, which metadata uses.</summary>
    public static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        MetricType.Histogram => "histogram",
        MetricType.GaugeHistogram => "gaugehistogram",
        MetricType.Summary => "summary",
        MetricType.Info => "info",
        MetricType.StateSet => "stateset",
        _ => "unknown",
    };

    private static void WriteExemplars(Utf8JsonWriter json, IReadOnlyList<SeriesExemplars> series)
    {
        json.WriteStartArray("data");
        foreach (var item in series)
        {
            json.WriteStartObject();
            WriteLabels(json, "seriesLabels", item.SeriesLabels);
            json.WriteStartArray("exemplars");
            foreach (var exemplar in item.Exemplars)
            {
                json.WriteStartObject();
                WriteLabels(json, "labels", exemplar.Labels);
                json.WriteString("value", PrometheusFloat.FormatValue(exemplar.Value));
                json.WritePropertyName("timestamp");
                json.WriteRawValue(PrometheusFloat.FormatTimestamp(exemplar.TimestampMs), skipInputValidation: true);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteTsdbStatus(Utf8JsonWriter json, TsdbStatus status)
    {
        json.WriteStartObject("data");
        json.WriteStartObject("headStats");
        json.WriteNumber("numSeries", status.NumSeries);
        json.WriteNumber("numLabelPairs", status.NumLabelPairs);
        json.WriteNumber("chunkCount", status.ChunkCount);
        json.WriteNumber("minTime", status.MinTimeMs);
        json.WriteNumber("maxTime", status.MaxTimeMs);
        json.WriteEndObject();
        WriteStats(json, "seriesCountByMetricName", status.SeriesCountByMetricName);
        WriteStats(json, "labelValueCountByLabelName", status.LabelValueCountByLabelName);
        WriteStats(json, "memoryInBytesByLabelName", status.MemoryInBytesByLabelName);
        WriteStats(json, "seriesCountByLabelValuePair", status.SeriesCountByLabelValuePair);
        json.WriteEndObject();
    }

    private static void WriteStats(Utf8JsonWriter json, string name, IReadOnlyList<KeyValuePair<string, long>> stats)
    {
        json.WriteStartArray(name);
        foreach (var (key, value) in stats)
        {
            json.WriteStartObject();
            json.WriteString("name", key);
            json.WriteNumber("value", value);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
