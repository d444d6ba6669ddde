using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Orrery.Query.PromQL.Engine;
using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;

namespace Orrery.Api.Prometheus.Query;

/// <summary>
/// Writes query answers as Prometheus 2.42 does (<c>web/api/v1</c> with its jsoniter encoders):
/// <c>{"status":"success","data":{"resultType":…,"result":…,"stats":…},"warnings":[…]}</c>.
/// Points go straight from the engine's values into the response as UTF-8, flushed as the
/// buffer fills, so a large matrix never exists as one string or one string per point.
/// </summary>
internal static class PromQLResultWriter
{
    /// <summary>Hand buffered JSON to the response once this much is pending.</summary>
    private const int FlushBytes = 64 * 1024;

    /// <summary>Query results and formatted queries are written here; anything else (errors) by <see cref="PrometheusResultWriter"/>.</summary>
    public static async Task WriteAsync(HttpContext context, PrometheusResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (result is not (QueryData or FormattedQueryData))
        {
            await PrometheusResultWriter.WriteAsync(context, result).ConfigureAwait(false);
            return;
        }
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = PrometheusResultWriter.ContentType;
        var body = response.BodyWriter;
        await using (var json = new Utf8JsonWriter(body, ApiJson.Options))
        {
            await WriteJsonAsync(json, result, FlushTo(body), context.RequestAborted).ConfigureAwait(false);
        }
        await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the envelope; <paramref name="flush"/> is called with the JSON written so far
    /// whenever enough is pending (null: keep it all, as tests do).
    /// </summary>
    public static async Task WriteJsonAsync(Utf8JsonWriter json, PrometheusResult result, Func<CancellationToken, ValueTask>? flush, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(result);
        json.WriteStartObject();
        json.WriteString("status", "success");
        switch (result)
        {
            case FormattedQueryData formatted:
                json.WriteString("data", formatted.Query);
                break;
            case QueryData query:
                json.WriteStartObject("data");
                await WriteValueAsync(json, query.Result.Value, flush, cancellationToken).ConfigureAwait(false);
                if (query.Stats != QueryStatsMode.None) WriteStats(json, query.Result.Stats, query.Stats);
                json.WriteEndObject();
                break;
            default:
                throw new ArgumentException($"not a query answer: {result.GetType().Name}", nameof(result));
        }
        var warnings = result is QueryData { Result.Warnings: { Count: > 0 } engineWarnings } ? engineWarnings.Concat(result.Warnings).ToList() : result.Warnings;
        if (warnings.Count > 0)
        {
            json.WriteStartArray("warnings");
            foreach (var warning in warnings) json.WriteStringValue(warning);
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    /// <summary>The synchronous form for tests: the whole document in memory.</summary>
    public static void WriteJson(Utf8JsonWriter json, PrometheusResult result) =>
        WriteJsonAsync(json, result, flush: null, CancellationToken.None).GetAwaiter().GetResult();

    private static Func<CancellationToken, ValueTask> FlushTo(PipeWriter body) => async cancellationToken =>
    {
        var flushed = await body.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (flushed.IsCanceled) throw new OperationCanceledException(cancellationToken);
    };

    private static async ValueTask MaybeFlushAsync(Utf8JsonWriter json, Func<CancellationToken, ValueTask>? flush, CancellationToken cancellationToken)
    {
        if (flush is null || json.BytesPending < FlushBytes) return;
        json.Flush();
        await flush(cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteValueAsync(Utf8JsonWriter json, PromValue value, Func<CancellationToken, ValueTask>? flush, CancellationToken cancellationToken)
    {
        switch (value)
        {
            case VectorValue vector:
                json.WriteString("resultType", "vector");
                json.WriteStartArray("result");
                foreach (var sample in vector.Samples)
                {
                    WriteSample(json, sample);
                    await MaybeFlushAsync(json, flush, cancellationToken).ConfigureAwait(false);
                }
                json.WriteEndArray();
                break;
            case MatrixValue matrix:
                json.WriteString("resultType", "matrix");
                json.WriteStartArray("result");
                foreach (var series in matrix.Series)
                {
                    WriteSeries(json, series);
                    await MaybeFlushAsync(json, flush, cancellationToken).ConfigureAwait(false);
                }
                json.WriteEndArray();
                break;
            case ScalarValue scalar:
                json.WriteString("resultType", "scalar");
                json.WritePropertyName("result");
                WritePoint(json, scalar.T, scalar.V);
                break;
            case StringValue text:
                json.WriteString("resultType", "string");
                json.WritePropertyName("result");
                json.WriteStartArray();
                WriteTimestamp(json, text.T);
                json.WriteStringValue(text.V);
                json.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"no JSON form for {value.GetType().Name}", nameof(value));
        }
    }

    /// <summary>An instant vector's element: <c>{"metric":{…},"value":[t,"v"]}</c> or <c>"histogram":[t,{…}]</c>.</summary>
    private static void WriteSample(Utf8JsonWriter json, Sample sample)
    {
        json.WriteStartObject();
        WriteMetric(json, sample.Metric);
        if (sample.H is { } histogram)
        {
            json.WritePropertyName("histogram");
            WriteHistogramPoint(json, sample.T, histogram);
        }
        else
        {
            json.WritePropertyName("value");
            WritePoint(json, sample.T, sample.F);
        }
        json.WriteEndObject();
    }

    /// <summary>A range series: <c>values</c> and <c>histograms</c>, each only when the series has such points.</summary>
    private static void WriteSeries(Utf8JsonWriter json, Series series)
    {
        json.WriteStartObject();
        WriteMetric(json, series.Metric);
        if (series.Floats.Count > 0)
        {
            json.WriteStartArray("values");
            foreach (var point in series.Floats) WritePoint(json, point.T, point.F);
            json.WriteEndArray();
        }
        if (series.Histograms.Count > 0)
        {
            json.WriteStartArray("histograms");
            foreach (var point in series.Histograms) WriteHistogramPoint(json, point.T, point.H);
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static void WriteMetric(Utf8JsonWriter json, LabelSet metric)
    {
        json.WriteStartObject("metric");
        foreach (var label in metric.AsSpan()) json.WriteString(label.Name, label.Value);
        json.WriteEndObject();
    }

    /// <summary><c>[1700000000.123,"0.5"]</c>.</summary>
    private static void WritePoint(Utf8JsonWriter json, long timestampMs, double value)
    {
        json.WriteStartArray();
        WriteTimestamp(json, timestampMs);
        WriteValue(json, value);
        json.WriteEndArray();
    }

    private static void WriteTimestamp(Utf8JsonWriter json, long timestampMs)
    {
        Span<byte> text = stackalloc byte[PromQLNumberText.MaxLength];
        var length = PromQLNumberText.FormatTimestamp(timestampMs, text);
        json.WriteRawValue(text[..length], skipInputValidation: true);
    }

    private static void WriteValue(Utf8JsonWriter json, double value)
    {
        Span<byte> text = stackalloc byte[PromQLNumberText.MaxLength];
        var length = PromQLNumberText.FormatValue(value, text);
        json.WriteStringValue(text[..length]);
    }

    private static void WriteValue(Utf8JsonWriter json, string name, double value)
    {
        json.WritePropertyName(name);
        WriteValue(json, value);
    }

    /// <summary>
    /// <c>[t,{"count":"…","sum":"…","buckets":[[rule,"lower","upper","count"],…]}]</c>; empty
    /// buckets are left out and so is <c>buckets</c> when none is left.
    /// </summary>
    private static void WriteHistogramPoint(Utf8JsonWriter json, long timestampMs, NativeHistogram histogram)
    {
        json.WriteStartArray();
        WriteTimestamp(json, timestampMs);
        json.WriteStartObject();
        WriteValue(json, "count", histogram.Count);
        WriteValue(json, "sum", histogram.Sum);
        var state = new BucketState(json);
        NativeHistogramBuckets.ForEach(histogram, ref state, static (ref BucketState s, HistogramBucket bucket) =>
        {
            if (bucket.Count == 0) return;
            if (!s.Started)
            {
                s.Json.WriteStartArray("buckets");
                s.Started = true;
            }
            s.Json.WriteStartArray();
            s.Json.WriteNumberValue(bucket.BoundaryRule);
            WriteValue(s.Json, bucket.Lower);
            WriteValue(s.Json, bucket.Upper);
            WriteValue(s.Json, bucket.Count);
            s.Json.WriteEndArray();
        });
        if (state.Started) json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private struct BucketState(Utf8JsonWriter json)
    {
        public readonly Utf8JsonWriter Json = json;
        public bool Started;
    }

    /// <summary>Prometheus's <c>stats.BuiltinStats</c>: timings in seconds, then sample counts.</summary>
    private static void WriteStats(Utf8JsonWriter json, PromQLStats stats, QueryStatsMode mode)
    {
        json.WriteStartObject("stats");
        json.WriteStartObject("timings");
        json.WriteNumber("evalTotalTime", stats.EvalTime.TotalSeconds);
        json.WriteNumber("resultSortTime", 0);
        json.WriteNumber("queryPreparationTime", stats.ParseTime.TotalSeconds);
        json.WriteNumber("innerEvalTime", stats.EvalTime.TotalSeconds);
        json.WriteNumber("execQueueTime", 0);
        json.WriteNumber("execTotalTime", stats.TotalTime.TotalSeconds);
        json.WriteEndObject();
        json.WriteStartObject("samples");
        if (mode == QueryStatsMode.PerStep && stats.SamplesPerStep.Count > 0)
        {
            json.WriteStartArray("totalQueryableSamplesPerStep");
            foreach (var (timestampMs, samples) in stats.SamplesPerStep)
            {
                json.WriteStartArray();
                WriteTimestamp(json, timestampMs);
                json.WriteNumberValue(samples);
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        json.WriteNumber("totalQueryableSamples", stats.TotalQueryableSamples);
        json.WriteNumber("peakSamples", stats.PeakSamples);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
