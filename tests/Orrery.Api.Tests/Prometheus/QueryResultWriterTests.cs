using System.Text;
using System.Text.Json;
using Orrery.Api.Prometheus;
using Orrery.Api.Prometheus.Query;
using Orrery.Query.PromQL.Engine;
using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;

namespace Orrery.Api.Tests.Prometheus;

/// <summary>Query answers byte for byte as Prometheus 2.42 writes them (documents taken from its API documentation's shapes).</summary>
public class QueryResultWriterTests
{
    private static readonly LabelSet Up = LabelSet.From(("__name__", "up"), ("instance", "a:9090"), ("job", "prometheus"));

    [Fact]
    public void Vector()
    {
        var value = new VectorValue([new Sample(Up, 1_435_781_451_781, 1), new Sample(LabelSet.Empty, 1_435_781_451_000, double.NaN)]);
        Assert.Equal(
            """{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","instance":"a:9090","job":"prometheus"},"value":[1435781451.781,"1"]},{"metric":{},"value":[1435781451,"NaN"]}]}}""",
            Write(value));
    }

    [Fact]
    public void Matrix_writes_values_and_leaves_out_empty_point_lists()
    {
        var series = new Series(Up);
        series.Floats.Add(new FPoint(1_000, 0.5));
        series.Floats.Add(new FPoint(16_000, double.PositiveInfinity));
        var empty = new Series(LabelSet.From(("job", "x")));
        Assert.Equal(
            """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up","instance":"a:9090","job":"prometheus"},"values":[[1,"0.5"],[16,"+Inf"]]},{"metric":{"job":"x"}}]}}""",
            Write(new MatrixValue([series, empty])));
    }

    [Fact]
    public void Scalar_and_string()
    {
        Assert.Equal("""{"status":"success","data":{"resultType":"scalar","result":[1.500,"-1e-07"]}}""", Write(new ScalarValue(1_500, -1e-7)));
        Assert.Equal("""{"status":"success","data":{"resultType":"string","result":[2,"a \"b\""]}}""", Write(new StringValue(2_000, "a \"b\"")));
    }

    [Fact]
    public void Native_histograms_list_non_empty_buckets_lowest_first_with_their_boundary_rules()
    {
        var histogram = new NativeHistogram
        {
            Schema = 0,
            ZeroThreshold = 0.001,
            ZeroCount = 2,
            Count = 10,
            Sum = 12.5,
            // Positive buckets 1 (1,2] and 2 (2,4]; bucket 3 is empty and left out.
            PositiveSpans = [new BucketSpanRow { Offset = 1, Length = 3 }],
            PositiveBuckets = [3, 4, 0],
            // Negative bucket 0: [-1,-0.5).
            NegativeSpans = [new BucketSpanRow { Offset = 0, Length = 1 }],
            NegativeBuckets = [1],
        };
        var expectedHistogram = """{"count":"10","sum":"12.5","buckets":[[1,"-1","-0.5","1"],[3,"-0.001","0.001","2"],[0,"1","2","3"],[0,"2","4","4"]]}""";
        Assert.Equal(
            """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"histogram":[1,""" + expectedHistogram + "]}]}}",
            Write(new VectorValue([new Sample(LabelSet.Empty, 1_000, 0, histogram)])));
        var series = new Series(LabelSet.Empty);
        series.Histograms.Add(new HPoint(1_000, histogram));
        Assert.Equal(
            """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"histograms":[[1,""" + expectedHistogram + "]]}]}}",
            Write(new MatrixValue([series])));
    }

    [Theory]
    [InlineData(0, 0.5, 1.0)]
    [InlineData(1, 1.0, 2.0)]
    [InlineData(4, 8.0, 16.0)]
    public void Schema_zero_bounds_are_powers_of_two(int index, double lower, double upper)
    {
        Assert.Equal(lower, NativeHistogramBuckets.Bound(index - 1, 0));
        Assert.Equal(upper, NativeHistogramBuckets.Bound(index, 0));
    }

    [Theory]
    [InlineData(3, 8, 2.0)]
    [InlineData(3, 4, 1.4142135623730951)]
    [InlineData(-2, 1, 16.0)]
    [InlineData(1, -2, 0.5)]
    public void Bounds_of_other_schemas(int schema, int index, double expected) =>
        Assert.Equal(expected, NativeHistogramBuckets.Bound(index, schema), 15);

    [Fact]
    public void Stats_and_engine_warnings()
    {
        var stats = new PromQLStats { TotalQueryableSamples = 12, PeakSamples = 4 };
        stats.SamplesPerStep.Add(new(1_000, 5));
        stats.SamplesPerStep.Add(new(2_000, 7));
        var result = new PromQLResult(new ScalarValue(1_000, 1), ["PromQL info: x"], stats);
        var withSteps = Write(new QueryData(result, QueryStatsMode.PerStep));
        Assert.Contains("""{"resultType":"scalar","result":[1,"1"],"stats":{"timings":{"evalTotalTime":0,"resultSortTime":0,"queryPreparationTime":0,"innerEvalTime":0,"execQueueTime":0,"execTotalTime":0},"samples":{"totalQueryableSamplesPerStep":[[1,5],[2,7]],"totalQueryableSamples":12,"peakSamples":4}}}""", withSteps, StringComparison.Ordinal);
        Assert.EndsWith(""","warnings":["PromQL info: x"]}""", withSteps, StringComparison.Ordinal);
        var totals = Write(new QueryData(result, QueryStatsMode.Totals));
        Assert.DoesNotContain("PerStep", totals, StringComparison.Ordinal);
        Assert.Contains("\"totalQueryableSamples\":12", totals, StringComparison.Ordinal);
        Assert.DoesNotContain("stats", Write(new QueryData(result, QueryStatsMode.None)), StringComparison.Ordinal);
    }

    [Fact]
    public void Formatted_query_is_a_string()
    {
        Assert.Equal("""{"status":"success","data":"sum by (job) (up)"}""", Write(new FormattedQueryData("sum by (job) (up)")));
    }

    [Fact]
    public async Task Large_matrices_are_flushed_as_they_are_written()
    {
        var series = Enumerable.Range(0, 200).Select(i =>
        {
            var s = new Series(LabelSet.From(("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            for (var t = 0; t < 100; t++) s.Floats.Add(new FPoint(t * 15_000L, t * 0.25));
            return s;
        }).ToList();
        using var stream = new MemoryStream();
        var flushes = 0;
        await using (var json = new Utf8JsonWriter(stream, ApiJson.Options))
        {
            await PromQLResultWriter.WriteJsonAsync(json, Data(new MatrixValue(series)), _ => { flushes++; return ValueTask.CompletedTask; }, CancellationToken.None);
        }
        Assert.True(flushes > 1, $"{flushes} flushes");
        using var document = JsonDocument.Parse(stream.ToArray());
        Assert.Equal(200, document.RootElement.GetProperty("data").GetProperty("result").GetArrayLength());
    }

    private static QueryData Data(PromValue value) => new(new PromQLResult(value, [], new PromQLStats()), QueryStatsMode.None);

    private static string Write(PromValue value) => Write(Data(value));

    private static string Write(PrometheusResult result)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, ApiJson.Options)) PromQLResultWriter.WriteJson(json, result);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
