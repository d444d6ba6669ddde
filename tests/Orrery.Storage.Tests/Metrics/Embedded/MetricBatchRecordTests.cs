using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics;
using Orrery.Storage.Metrics.Embedded;

namespace Orrery.Storage.Tests.Metrics.Embedded;

public sealed class MetricBatchRecordTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(42.0)]
    [InlineData(-5.0)]
    [InlineData(0.5)]
    [InlineData(9007199254740992.0)]
    [InlineData(9007199254740994.0)]
    [InlineData(-1e300)]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void Sample_values_round_trip_bit_exactly(double value)
    {
        AssertRoundTrip(value);
    }

    /// <summary>xUnit treats 0.0 and -0.0 as the same inline datum, so negative zero has its own test.</summary>
    [Fact]
    public void Negative_zero_round_trips_bit_exactly() => AssertRoundTrip(-0.0);

    private static void AssertRoundTrip(double value)
    {
        var decoded = RoundTrip([(3, 1_700_000_000_000, value), (1, 1_699_999_999_000, StaleMarker.Value)]);

        Assert.Equal([(3, 1_700_000_000_000L, BitConverter.DoubleToUInt64Bits(value)), (1, 1_699_999_999_000L, StaleMarker.Bits)], decoded);
    }

    [Fact]
    public void Integral_values_take_fewer_bytes_than_raw_doubles()
    {
        var integral = Encode([(1, 1000, 12345), (2, 1000, 12346)]).Length;
        var fractional = Encode([(1, 1000, 123.45), (2, 1000, 123.46)]).Length;

        Assert.True(integral + 8 <= fractional, $"{integral} vs {fractional}");
    }

    private static byte[] Encode((int Id, long T, double V)[] samples)
    {
        var record = new MetricBatchRecord();
        record.Begin("t");
        record.BeginSection();
        record.EndSection();
        record.BeginSection();
        foreach (var (id, t, v) in samples) record.WriteSample(id, t, v);
        record.EndSection();
        for (var i = 0; i < 3; i++)
        {
            record.BeginSection();
            record.EndSection();
        }
        return record.Written.ToArray();
    }

    private static List<(int, long, ulong)> RoundTrip((int Id, long T, double V)[] samples)
    {
        var sink = new Sink();
        MetricBatchRecord.Read(Encode(samples), sink);
        return sink.Samples;
    }

    private sealed class Sink : IMetricRecordSink
    {
        public List<(int, long, ulong)> Samples { get; } = new();

        public void DefineSeries(int id, Label[] labels) => throw new InvalidOperationException();

        public void Sample(int id, long timestampMs, double value) => Samples.Add((id, timestampMs, BitConverter.DoubleToUInt64Bits(value)));

        public void Histogram(int id, long timestampMs, NativeHistogram histogram) => throw new InvalidOperationException();

        public void Exemplar(int id, long timestampMs, double value, LabelSet labels) => throw new InvalidOperationException();

        public void Metadata(string family, MetricMetadata metadata) => throw new InvalidOperationException();
    }
}
