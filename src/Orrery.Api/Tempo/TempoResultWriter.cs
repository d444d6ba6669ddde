using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Orrery.Api.Tempo.Otlp;
using Orrery.Signals.Otlp;

namespace Orrery.Api.Tempo;

/// <summary>The one place Tempo API results become HTTP responses, in the shapes Grafana's Tempo data source reads.</summary>
public static class TempoResultWriter
{
    public const string ProtobufContentType = "application/protobuf";
    private const string JsonContentType = "application/json";

    public static async Task WriteAsync(HttpContext context, TempoResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        switch (result)
        {
            case TempoError error:
                response.StatusCode = error.StatusCode;
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync(error.Message, context.RequestAborted).ConfigureAwait(false);
                return;
            case TextResult text:
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync(text.Text, context.RequestAborted).ConfigureAwait(false);
                return;
            case TraceResult { Protobuf: true } trace:
                var bytes = OtlpTraceProtobufWriter.Write(trace.Batch, OtlpTraceMessage.TracesData);
                response.ContentType = ProtobufContentType;
                response.ContentLength = bytes.Length;
                await response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
                return;
        }

        response.ContentType = JsonContentType;
        await using (var json = new Utf8JsonWriter(response.BodyWriter, ApiJson.Options))
        {
            WriteJson(json, result);
        }
        await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes a JSON result; exposed for tests, which compare documents without a server.</summary>
    public static void WriteJson(Utf8JsonWriter json, TempoResult result)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        switch (result)
        {
            case TraceResult { Shape: TraceResponseShape.V1 } trace:
                json.WritePropertyName("batches");
                OtlpTraceJsonWriter.WriteResourceSpansArray(json, trace.Batch, OtlpJsonStyle.Tempo);
                break;
            case TraceResult trace:
                json.WritePropertyName("trace");
                json.WriteStartObject();
                json.WritePropertyName("resourceSpans");
                OtlpTraceJsonWriter.WriteResourceSpansArray(json, trace.Batch, OtlpJsonStyle.Tempo);
                json.WriteEndObject();
                break;
            case SearchResult search:
                WriteSearch(json, search);
                break;
            case Search.TraceQLSearchResponse traceql:
                Search.TraceQLSearchJson.Write(json, traceql);
                break;
            case TagNamesResult names:
                WriteStrings(json, "tagNames", names.TagNames);
                break;
            case ScopedTagNamesResult scoped:
                json.WriteStartArray("scopes");
                foreach (var scope in scoped.Scopes)
                {
                    json.WriteStartObject();
                    json.WriteString("name", scope.Name);
                    WriteStrings(json, "tags", scope.Tags);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                break;
            case TagValuesResult values:
                WriteStrings(json, "tagValues", values.TagValues);
                break;
            case TypedTagValuesResult typed:
                json.WriteStartArray("tagValues");
                foreach (var value in typed.TagValues)
                {
                    json.WriteStartObject();
                    json.WriteString("type", value.Type);
                    json.WriteString("value", value.Value);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                break;
            case BuildInfoResult build:
                json.WriteString("version", build.Version);
                json.WriteString("revision", "");
                json.WriteString("branch", "");
                json.WriteString("buildUser", "");
                json.WriteString("buildDate", "");
                json.WriteString("goVersion", "");
                break;
            default:
                throw new ArgumentException($"no JSON form for {result.GetType().Name}", nameof(result));
        }
        json.WriteEndObject();
    }

    private static void WriteSearch(Utf8JsonWriter json, SearchResult result)
    {
        json.WriteStartArray("traces");
        foreach (var trace in result.Search.Traces)
        {
            json.WriteStartObject();
            json.WriteString("traceID", trace.TraceId.ToHex());
            json.WriteString("rootServiceName", trace.RootServiceName);
            json.WriteString("rootTraceName", trace.RootTraceName);
            // Tempo writes 64-bit nanoseconds as a string (protobuf JSON mapping of uint64).
            json.WriteString("startTimeUnixNano", trace.StartUnixNano.ToString(CultureInfo.InvariantCulture));
            json.WriteNumber("durationMs", trace.DurationNanos / 1_000_000);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("metrics");
        json.WriteNumber("inspectedTraces", result.Search.InspectedTraces);
        json.WriteNumber("inspectedSpans", result.Search.InspectedSpans);
        json.WriteString("inspectedBytes", "0");
        json.WriteNumber("completedJobs", 1);
        json.WriteNumber("totalJobs", 1);
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
