using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Orrery.Query.LogQL.Engine;
using Orrery.Signals.Labels;

namespace Orrery.Api.Loki;

/// <summary>The one place Loki API results become HTTP responses, in the shapes Grafana's Loki data source reads.</summary>
public static class LokiResultWriter
{
    public static async Task WriteAsync(HttpContext context, LokiResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        if (result is LokiError error)
        {
            response.StatusCode = error.StatusCode;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync(error.Message, context.RequestAborted).ConfigureAwait(false);
            return;
        }
        response.ContentType = "application/json; charset=utf-8";
        await using (var json = new Utf8JsonWriter(response.BodyWriter, ApiJson.Options))
        {
            WriteJson(json, result);
        }
        await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes a JSON result; exposed for tests.</summary>
    public static void WriteJson(Utf8JsonWriter json, LokiResult result)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(result);
        json.WriteStartObject();
        switch (result)
        {
            case LokiIndexStatsResult stats:
                json.WriteNumber("streams", stats.Stats.Streams);
                json.WriteNumber("chunks", stats.Stats.Chunks);
                json.WriteNumber("bytes", stats.Stats.Bytes);
                json.WriteNumber("entries", stats.Stats.Entries);
                json.WriteEndObject();
                return;
            case LokiDetectedFieldsResult detected:
                json.WriteStartArray("fields");
                foreach (var field in detected.Fields)
                {
                    json.WriteStartObject();
                    json.WriteString("label", field.Label);
                    json.WriteString("type", field.Type);
                    json.WriteNumber("cardinality", field.Cardinality);
                    json.WriteStartArray("parsers");
                    foreach (var parser in field.Parsers) json.WriteStringValue(parser);
                    json.WriteEndArray();
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteNumber("limit", 1000);
                json.WriteEndObject();
                return;
            case LokiDetectedLabelsResult detectedLabels:
                json.WriteStartArray("detectedLabels");
                foreach (var label in detectedLabels.Labels)
                {
                    json.WriteStartObject();
                    json.WriteString("label", label.Label);
                    json.WriteNumber("cardinality", label.Cardinality);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
                return;
            case LokiBuildInfoResult build:
                json.WriteString("version", build.Version);
                json.WriteString("revision", "");
                json.WriteString("branch", "");
                json.WriteString("buildUser", "");
                json.WriteString("buildDate", "");
                json.WriteString("goVersion", "");
                json.WriteEndObject();
                return;
        }
        json.WriteString("status", "success");
        switch (result)
        {
            case LokiQueryResult query:
                json.WriteStartObject("data");
                WriteQueryData(json, query);
                json.WriteEndObject();
                break;
            case LokiStringsResult strings:
                json.WriteStartArray("data");
                foreach (var value in strings.Values) json.WriteStringValue(value);
                json.WriteEndArray();
                break;
            case LokiSeriesResult series:
                json.WriteStartArray("data");
                foreach (var labels in series.Series) WriteLabels(json, null, labels);
                json.WriteEndArray();
                break;
            case LokiPatternsResult patterns:
                json.WriteStartArray("data");
                foreach (var pattern in patterns.Patterns)
                {
                    json.WriteStartObject();
                    json.WriteString("pattern", pattern.Pattern);
                    json.WriteStartArray("samples");
                    foreach (var (seconds, count) in pattern.Samples)
                    {
                        json.WriteStartArray();
                        json.WriteNumberValue(seconds);
                        json.WriteNumberValue(count);
                        json.WriteEndArray();
                    }
                    json.WriteEndArray();
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                break;
            case LokiFormatQueryResult format:
                json.WriteString("data", format.Query);
                break;
            default:
                throw new ArgumentException($"no JSON form for {result.GetType().Name}", nameof(result));
        }
        json.WriteEndObject();
    }

    /// <summary>One tail message: <c>{"streams":[…],"dropped_entries":null}</c>.</summary>
    public static void WriteTailJson(Utf8JsonWriter json, StreamsResult streams)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteStartArray("streams");
        WriteStreams(json, streams, categorize: false);
        json.WriteEndArray();
        json.WriteNull("dropped_entries");
        json.WriteEndObject();
    }

    private static void WriteQueryData(Utf8JsonWriter json, LokiQueryResult query)
    {
        switch (query.Result)
        {
            case StreamsResult streams:
                json.WriteString("resultType", "streams");
                if (query.CategorizeLabels)
                {
                    json.WriteStartArray("encodingFlags");
                    json.WriteStringValue("categorize-labels");
                    json.WriteEndArray();
                }
                json.WriteStartArray("result");
                WriteStreams(json, streams, query.CategorizeLabels);
                json.WriteEndArray();
                break;
            case MatrixResult matrix:
                json.WriteString("resultType", "matrix");
                json.WriteStartArray("result");
                foreach (var series in matrix.Series)
                {
                    json.WriteStartObject();
                    WriteLabels(json, "metric", series.Labels);
                    json.WriteStartArray("values");
                    foreach (var point in series.Points) WritePoint(json, point.TimestampNs, point.Value);
                    json.WriteEndArray();
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                break;
            case VectorResult vector:
                json.WriteString("resultType", "vector");
                json.WriteStartArray("result");
                foreach (var sample in vector.Samples)
                {
                    json.WriteStartObject();
                    WriteLabels(json, "metric", sample.Labels);
                    json.WritePropertyName("value");
                    WritePoint(json, sample.TimestampNs, sample.Value);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                break;
            case ScalarResult scalar:
                json.WriteString("resultType", "scalar");
                json.WritePropertyName("result");
                WritePoint(json, scalar.TimestampNs, scalar.Value);
                break;
        }
        WriteStats(json, query.Result.Statistics);
    }

    /// <summary>
    /// Groups entries into streams in order of first appearance, keeping each stream's entries
    /// in the query's direction. Plain encoding keys streams by all labels (metadata and parsed
    /// included); categorized encoding by stream labels, with the rest beside each line.
    /// </summary>
    internal static void WriteStreams(Utf8JsonWriter json, StreamsResult streams, bool categorize)
    {
        var groups = new Dictionary<LabelSet, List<LogEntry>>();
        var order = new List<LabelSet>();
        foreach (var entry in streams.Entries)
        {
            var key = categorize ? entry.StreamLabels : entry.Labels;
            if (!groups.TryGetValue(key, out var list))
            {
                groups.Add(key, list = []);
                order.Add(key);
            }
            list.Add(entry);
        }
        foreach (var key in order)
        {
            json.WriteStartObject();
            WriteLabels(json, "stream", key);
            json.WriteStartArray("values");
            foreach (var entry in groups[key])
            {
                json.WriteStartArray();
                json.WriteStringValue(entry.TimestampNs.ToString(CultureInfo.InvariantCulture));
                json.WriteStringValue(entry.Line);
                if (categorize && (entry.StructuredMetadata.Count > 0 || entry.Parsed.Count > 0))
                {
                    json.WriteStartObject();
                    if (entry.StructuredMetadata.Count > 0) WriteLabels(json, "structured_metadata", entry.StructuredMetadata);
                    if (entry.Parsed.Count > 0) WriteLabels(json, "parsed", entry.Parsed);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
    }

    private static void WriteLabels(Utf8JsonWriter json, string? name, LabelSet labels)
    {
        if (name is null) json.WriteStartObject();
        else json.WriteStartObject(name);
        foreach (var label in labels.AsSpan()) json.WriteString(label.Name, label.Value);
        json.WriteEndObject();
    }

    /// <summary><c>[&lt;unix seconds&gt;, "&lt;value&gt;"]</c> with millisecond precision, as Prometheus and Loki write samples.</summary>
    private static void WritePoint(Utf8JsonWriter json, long timestampNs, double value)
    {
        json.WriteStartArray();
        var ms = Math.Floor(timestampNs / 1e6);
        json.WriteRawValue((ms / 1000).ToString("R", CultureInfo.InvariantCulture));
        json.WriteStringValue(FormatValue(value));
        json.WriteEndArray();
    }

    /// <summary>Go's strconv.FormatFloat(v, 'f', -1, 64): the shortest digits that round-trip, never an exponent.</summary>
    public static string FormatValue(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "+Inf";
        if (double.IsNegativeInfinity(value)) return "-Inf";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0) return text;
        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = text[..e];
        var negative = mantissa.StartsWith('-');
        if (negative) mantissa = mantissa[1..];
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var pointAt = (dot < 0 ? mantissa.Length : dot) + exponent;
        string result;
        if (pointAt <= 0) result = "0." + new string('0', -pointAt) + digits;
        else if (pointAt >= digits.Length) result = digits + new string('0', pointAt - digits.Length);
        else result = digits[..pointAt] + "." + digits[pointAt..];
        return negative ? "-" + result : result;
    }

    private static void WriteStats(Utf8JsonWriter json, QueryStatistics stats)
    {
        var seconds = Math.Max(stats.ExecutionTime.TotalSeconds, 1e-9);
        json.WriteStartObject("stats");
        json.WriteStartObject("summary");
        json.WriteNumber("bytesProcessedPerSecond", (long)(stats.BytesScanned / seconds));
        json.WriteNumber("linesProcessedPerSecond", (long)(stats.LinesScanned / seconds));
        json.WriteNumber("totalBytesProcessed", stats.BytesScanned);
        json.WriteNumber("totalLinesProcessed", stats.LinesScanned);
        json.WriteNumber("execTime", stats.ExecutionTime.TotalSeconds);
        json.WriteNumber("queueTime", 0);
        json.WriteNumber("subqueries", 0);
        json.WriteNumber("totalEntriesReturned", stats.EntriesReturned);
        json.WriteNumber("splits", 0);
        json.WriteNumber("shards", 0);
        json.WriteNumber("totalPostFilterLines", stats.LinesAfterFilter);
        json.WriteNumber("totalStructuredMetadataBytesProcessed", 0);
        json.WriteEndObject();
        json.WriteStartObject("querier");
        json.WriteStartObject("store");
        json.WriteNumber("totalChunksRef", 0);
        json.WriteNumber("totalChunksDownloaded", 0);
        json.WriteNumber("chunksDownloadTime", 0);
        json.WriteStartObject("chunk");
        json.WriteNumber("headChunkBytes", 0);
        json.WriteNumber("headChunkLines", 0);
        json.WriteNumber("decompressedBytes", stats.BytesScanned);
        json.WriteNumber("decompressedLines", stats.LinesScanned);
        json.WriteNumber("compressedBytes", 0);
        json.WriteNumber("totalDuplicates", 0);
        json.WriteNumber("postFilterLines", stats.LinesAfterFilter);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
