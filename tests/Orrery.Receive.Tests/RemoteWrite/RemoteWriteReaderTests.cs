using Google.Protobuf;
using Orrery.Receive.RemoteWrite;
using Orrery.Receive.Tests.Otlp.Metrics;
using Orrery.Signals.Metrics;
using Orrery.Signals.Protobuf;
using Prometheus.Prompb;
using static Orrery.Receive.Tests.RemoteWrite.RemoteWriteRequests;

namespace Orrery.Receive.Tests.RemoteWrite;

public class RemoteWriteReaderTests
{
    [Fact]
    public void Samples_exemplars_and_metadata_are_decoded()
    {
        var series = Series(("job", "api"), ("__name__", "http_requests_total"), ("code", "200")).WithSamples((1000, 1), (2000, 2.5));
        series.Exemplars.Add(new Prometheus.Prompb.Exemplar { Value = 1, Timestamp = 1500, Labels = { new Label { Name = "trace_id", Value = "abc" } } });
        var request = Request(series);
        request.Metadata.Add(new MetricMetadata { Type = MetricMetadata.Types.MetricType.Counter, MetricFamilyName = "http_requests_total", Help = "Requests.", Unit = "" });
        var batch = new MetricBatch();

        var result = RemoteWriteReader.Read(request.ToByteArray(), batch);

        Assert.Equal(new RemoteWriteDecodeResult(2, 0, null), result);
        Assert.Equal(
            ["http_requests_total{code=\"200\", job=\"api\"} 1 @1000", "http_requests_total{code=\"200\", job=\"api\"} 2.5 @2000"],
            MetricBatchText.Samples(batch));
        Assert.Equal(["http_requests_total{code=\"200\", job=\"api\"} 1 @1500 {trace_id=\"abc\"}"], MetricBatchText.Exemplars(batch));
        Assert.Equal(["http_requests_total Counter help=\"Requests.\" unit=\"\""], MetricBatchText.Metadata(batch));
    }

    [Fact]
    public void Integer_native_histograms_have_their_deltas_made_absolute()
    {
        var histogram = new Histogram
        {
            CountInt = 12,
            Sum = 30,
            Schema = -1,
            ZeroThreshold = 0.001,
            ZeroCountInt = 2,
            ResetHint = Histogram.Types.ResetHint.No,
            Timestamp = 5000,
        };
        histogram.PositiveSpans.Add(new BucketSpan { Offset = -2, Length = 2 });
        histogram.PositiveSpans.Add(new BucketSpan { Offset = 3, Length = 1 });
        histogram.PositiveDeltas.AddRange([3, -1, 2]);   // counts 3, 2, 4
        histogram.NegativeSpans.Add(new BucketSpan { Offset = 1, Length = 1 });
        histogram.NegativeDeltas.Add(1);
        var series = Series(("__name__", "latency"));
        series.Histograms.Add(histogram);
        var batch = new MetricBatch();

        RemoteWriteReader.Read(Request(series).ToByteArray(), batch);

        var row = Assert.Single(batch.Histograms.AsSpan().ToArray());
        Assert.Equal("latency{} @5000 schema=-1 count=12 sum=30 zero=2/0.001 pos=[-2:2,3:1][3,2,4] neg=[1:1][1] hint=NotCounterReset", MetricBatchText.Histogram(batch, row));
    }

    [Fact]
    public void Float_native_histograms_keep_their_counts()
    {
        var histogram = new Histogram { CountFloat = 2.5, Sum = 1, Schema = 3, ZeroCountFloat = 0.5, Timestamp = 1, ResetHint = Histogram.Types.ResetHint.Gauge };
        histogram.PositiveSpans.Add(new BucketSpan { Offset = 0, Length = 2 });
        histogram.PositiveCounts.AddRange([1.5, 0.5]);
        var series = Series(("__name__", "h"));
        series.Histograms.Add(histogram);
        var batch = new MetricBatch();

        RemoteWriteReader.Read(Request(series).ToByteArray(), batch);

        Assert.Equal("h{} @1 schema=3 count=2.5 sum=1 zero=0.5/0 pos=[0:2][1.5,0.5] neg=[][] hint=Gauge", MetricBatchText.Histogram(batch, batch.Histograms[0]));
    }

    [Theory]
    [InlineData("__name__", "9lives", "invalid metric name \"9lives\"")]
    [InlineData("bad-label", "x", "invalid label name \"bad-label\"")]
    [InlineData("job", "x", "no metric name")]
    public void Series_with_invalid_labels_are_skipped_and_counted(string name, string value, string reason)
    {
        var bad = name == "job" ? Series(("job", "x")) : Series(("__name__", name == "__name__" ? value : "ok"), (name, value));
        bad.WithSamples((1, 1), (2, 2));
        var good = Series(("__name__", "fine")).WithSamples((1, 1));
        var batch = new MetricBatch();

        var result = RemoteWriteReader.Read(Request(bad, good).ToByteArray(), batch);

        Assert.Equal(2, result.RejectedSamples);
        Assert.Contains(reason, result.ErrorMessage);
        Assert.Equal(["fine{} 1 @1"], MetricBatchText.Samples(batch));
    }

    [Fact]
    public void Duplicate_label_names_invalidate_the_series()
    {
        var bad = Series(("__name__", "x"), ("a", "1"), ("a", "2")).WithSamples((1, 1));
        var batch = new MetricBatch();

        var result = RemoteWriteReader.Read(Request(bad).ToByteArray(), batch);

        Assert.Equal(1, result.RejectedSamples);
        Assert.Contains("label name \"a\" is given twice", result.ErrorMessage);
        Assert.Equal(0, batch.Series.Count);
    }

    [Fact]
    public void Histogram_whose_spans_do_not_cover_its_counts_is_rejected()
    {
        var histogram = new Histogram { CountInt = 1, Schema = 0, Timestamp = 1 };
        histogram.PositiveSpans.Add(new BucketSpan { Offset = 0, Length = 2 });
        histogram.PositiveDeltas.Add(1);
        var series = Series(("__name__", "h")).WithSamples((1, 1));
        series.Histograms.Add(histogram);
        var batch = new MetricBatch();

        var result = RemoteWriteReader.Read(Request(series).ToByteArray(), batch);

        Assert.Equal(new RemoteWriteDecodeResult(1, 1, "histogram spans do not cover its bucket counts"), result);
        Assert.Equal(0, batch.BucketSpans.Count);
    }

    [Fact]
    public void Labels_after_samples_on_the_wire_are_still_the_series_labels()
    {
        // TimeSeries with samples (field 2) before labels (field 1).
        var sample = new Sample { Value = 4, Timestamp = 9 }.ToByteArray();
        var label = new Label { Name = "__name__", Value = "late" }.ToByteArray();
        var series = Field(2, sample).Concat(Field(1, label)).ToArray();
        var batch = new MetricBatch();

        RemoteWriteReader.Read(Field(1, series), batch);

        Assert.Equal(["late{} 4 @9"], MetricBatchText.Samples(batch));
    }

    [Fact]
    public void Malformed_payload_throws_and_leaves_the_batch_as_it_was()
    {
        var batch = new MetricBatch();
        var truncated = Request(Series(("__name__", "x")).WithSamples((1, 1))).ToByteArray()[..^3];

        Assert.Throws<ProtobufFormatException>(() => RemoteWriteReader.Read(truncated, batch));
        Assert.Equal(0, batch.Series.Count);
        // The batch still takes series afterwards.
        RemoteWriteReader.Read(Request(Series(("__name__", "y")).WithSamples((1, 1))).ToByteArray(), batch);
        Assert.Equal(1, batch.Series.Count);
    }

    private static byte[] Field(int number, byte[] content)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(number, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(content));
        output.Flush();
        return stream.ToArray();
    }
}
