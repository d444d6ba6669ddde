using System.Globalization;
using System.Text.Json;
using Orrery.Query.TraceQL.Engine;
using Orrery.Query.TraceQL.Syntax;

namespace Orrery.Api.Tempo.Search;

/// <summary>A TraceQL search's answer: traces with their matched spansets (Tempo's <c>SearchResponse</c>).</summary>
public sealed record TraceQLSearchResponse(TraceQLSearchResult Search) : TempoResult;

/// <summary>
/// Writes <see cref="TraceQLSearchResponse"/> as Tempo does: each trace with <c>spanSets</c> (and
/// <c>spanSet</c>, the first, for older clients); spans with <c>spanID</c>, <c>name</c>,
/// <c>startTimeUnixNano</c>, <c>durationNanos</c> (64-bit numbers as strings, protobuf JSON
/// mapping) and the attributes the query tested or selected; <c>matched</c> counts a spanset's spans.
/// </summary>
public static class TraceQLSearchJson
{
    public static void Write(Utf8JsonWriter json, TraceQLSearchResponse response)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(response);
        var search = response.Search;
        json.WriteStartArray("traces");
        foreach (var trace in search.Traces)
        {
            json.WriteStartObject();
            json.WriteString("traceID", trace.TraceId.ToHex());
            json.WriteString("rootServiceName", trace.RootServiceName);
            json.WriteString("rootTraceName", trace.RootTraceName);
            json.WriteString("startTimeUnixNano", trace.StartUnixNano.ToString(CultureInfo.InvariantCulture));
            json.WriteNumber("durationMs", trace.DurationNanos / 1_000_000);
            if (trace.Spansets.Count > 0)
            {
                json.WritePropertyName("spanSet");
                WriteSpanset(json, trace.Spansets[0]);
            }
            json.WriteStartArray("spanSets");
            foreach (var set in trace.Spansets) WriteSpanset(json, set);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("metrics");
        json.WriteNumber("inspectedTraces", search.InspectedTraces);
        json.WriteString("inspectedBytes", search.InspectedBytes.ToString(CultureInfo.InvariantCulture));
        json.WriteNumber("inspectedSpans", search.InspectedSpans);
        json.WriteNumber("completedJobs", 1);
        json.WriteNumber("totalJobs", 1);
        json.WriteEndObject();
    }

    private static void WriteSpanset(Utf8JsonWriter json, FoundSpanset set)
    {
        json.WriteStartObject();
        json.WriteStartArray("spans");
        foreach (var span in set.Spans)
        {
            json.WriteStartObject();
            json.WriteString("spanID", span.SpanId.ToHex());
            json.WriteString("name", span.Name);
            json.WriteString("startTimeUnixNano", span.StartUnixNano.ToString(CultureInfo.InvariantCulture));
            json.WriteString("durationNanos", span.DurationNanos.ToString(CultureInfo.InvariantCulture));
            if (span.Attributes.Count > 0) WriteAttributes(json, span.Attributes);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("matched", set.Matched);
        if (set.Attributes.Count > 0) WriteAttributes(json, set.Attributes);
        json.WriteEndObject();
    }

    private static void WriteAttributes(Utf8JsonWriter json, IReadOnlyList<FoundAttribute> attributes)
    {
        json.WriteStartArray("attributes");
        foreach (var attribute in attributes)
        {
            json.WriteStartObject();
            json.WriteString("key", attribute.Key);
            json.WriteStartObject("value");
            WriteValue(json, attribute.Value);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>OTLP JSON AnyValue; durations, status and kind are shown as TraceQL writes them (<c>1.5s</c>, <c>error</c>).</summary>
    private static void WriteValue(Utf8JsonWriter json, StaticValue value)
    {
        switch (value.Type)
        {
            case StaticType.String:
                json.WriteString("stringValue", value.Text);
                break;
            case StaticType.Int:
                json.WriteString("intValue", value.Int.ToString(CultureInfo.InvariantCulture));
                break;
            case StaticType.Float when double.IsFinite(value.Float):
                json.WriteNumber("doubleValue", value.Float);
                break;
            case StaticType.Float:
                // JSON has no NaN or infinities; the protobuf JSON mapping writes them as strings.
                json.WriteString("doubleValue", double.IsNaN(value.Float) ? "NaN" : value.Float > 0 ? "Infinity" : "-Infinity");
                break;
            case StaticType.Boolean:
                json.WriteBoolean("boolValue", value.Int != 0);
                break;
            case StaticType.Nil:
                json.WriteString("stringValue", "nil");
                break;
            default:
                json.WriteString("stringValue", value.ToString());
                break;
        }
    }
}
