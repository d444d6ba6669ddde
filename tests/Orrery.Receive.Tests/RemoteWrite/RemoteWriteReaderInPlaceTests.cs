using Google.Protobuf;
using Orrery.Receive.RemoteWrite;
using Orrery.Receive.Tests.Otlp.Metrics;
using Orrery.Signals;
using Orrery.Signals.Metrics;
using Orrery.Signals.Protobuf;
using Prometheus.Prompb;
using static Orrery.Receive.Tests.RemoteWrite.RemoteWriteRequests;

namespace Orrery.Receive.Tests.RemoteWrite;

/// <summary>
/// <see cref="RemoteWriteReader.ReadInPlace"/> (labels left where the payload lies in the arena)
/// decodes exactly what the copying <see cref="RemoteWriteReader.Read(ReadOnlySpan{byte}, MetricBatch)"/> does.
/// </summary>
public class RemoteWriteReaderInPlaceTests
{
    [Fact]
    public void In_place_decode_gives_the_batch_the_copying_decode_gives()
    {
        var series = Series(("job", "api"), ("__name__", "http_requests_total"), ("code", "200"), ("empty", ""), ("note", "ünïcode ✓")).WithSamples((1000, 1), (2000, 2.5));
        series.Exemplars.Add(new Prometheus.Prompb.Exemplar { Value = 1, Timestamp = 1500, Labels = { new Label { Name = "trace_id", Value = "abc" } } });
        var histogram = new Histogram { CountInt = 3, Sum = 2, Schema = 0, Timestamp = 3000 };
        histogram.PositiveSpans.Add(new BucketSpan { Offset = 0, Length = 2 });
        histogram.PositiveDeltas.AddRange([1, 1]);
        var other = Series(("__name__", "latency"), ("le", "+Inf"));
        other.Histograms.Add(histogram);
        var request = Request(series, other);
        request.Metadata.Add(new MetricMetadata { Type = MetricMetadata.Types.MetricType.Counter, MetricFamilyName = "http_requests_total", Help = "Requests.", Unit = "seconds" });
        var payload = request.ToByteArray();
        var copied = new MetricBatch();
        var expected = RemoteWriteReader.Read(payload, copied);

        var (inPlace, result) = DecodeInPlace(payload);

        Assert.Equal(expected, result);
        Assert.Equal(MetricBatchText.Samples(copied), MetricBatchText.Samples(inPlace));
        Assert.Equal(MetricBatchText.Exemplars(copied), MetricBatchText.Exemplars(inPlace));
        Assert.Equal(MetricBatchText.Metadata(copied), MetricBatchText.Metadata(inPlace));
        Assert.Equal(MetricBatchText.Histogram(copied, copied.Histograms[0]), MetricBatchText.Histogram(inPlace, inPlace.Histograms[0]));
        Assert.Contains("note=\"ünïcode ✓\"", MetricBatchText.Samples(inPlace)[0]);
    }

    [Fact]
    public void Invalid_series_are_skipped_and_the_rest_kept_in_place()
    {
        var bad = Series(("__name__", "bad name")).WithSamples((1, 1), (2, 2));
        var good = Series(("__name__", "good"), ("a", "b")).WithSamples((3, 3));

        var (batch, result) = DecodeInPlace(Request(bad, good).ToByteArray());

        Assert.Equal(new RemoteWriteDecodeResult(1, 2, "invalid metric name \"bad name\""), result);
        Assert.Equal(["good{a=\"b\"} 3 @3"], MetricBatchText.Samples(batch));
    }

    [Fact]
    public void Malformed_payload_in_place_throws_and_leaves_the_rows_as_they_were()
    {
        var truncated = Request(Series(("__name__", "x")).WithSamples((1, 1)), Series(("__name__", "y")).WithSamples((1, 1))).ToByteArray()[..^3];

        Assert.Throws<ProtobufFormatException>(() => DecodeInPlace(truncated));
    }

    /// <summary>Puts the payload in a batch's arena after other bytes (so its offset is not 0), as the handler's snappy decode does, and decodes it there.</summary>
    private static (MetricBatch Batch, RemoteWriteDecodeResult Result) DecodeInPlace(byte[] payload)
    {
        var batch = new MetricBatch();
        batch.Bytes.Append("bytes before the payload"u8);
        payload.CopyTo(batch.Bytes.Reserve(payload.Length, out var at));
        try
        {
            return (batch, RemoteWriteReader.ReadInPlace(batch, at));
        }
        catch (ProtobufFormatException)
        {
            Assert.Equal((0, 0, 0), (batch.Series.Count, batch.Labels.Count, batch.Samples.Count));
            throw;
        }
    }
}
