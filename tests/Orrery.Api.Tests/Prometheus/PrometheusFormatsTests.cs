using Orrery.Api.Prometheus;

namespace Orrery.Api.Tests.Prometheus;

public class PrometheusFormatsTests
{
    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1e-7, "1e-07")]
    [InlineData(1.5e-300, "1.5e-300")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Values_are_written_as_prometheus_api_writes_them(double value, string expected) =>
        Assert.Equal(expected, PrometheusFloat.FormatValue(value));

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.005, "0.005")]
    [InlineData(2.5, "2.5")]
    [InlineData(10.0, "10.0")]
    [InlineData(100000.0, "100000.0")]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    public void Canonical_numbers_are_gos_shortest_g_with_a_decimal_point(double value, string expected) =>
        Assert.Equal(expected, PrometheusFloat.FormatCanonical(value));

    [Theory]
    [InlineData(1_600_096_945_479, "1600096945.479")]
    [InlineData(1_500, "1.500")]
    [InlineData(1_050, "1.050")]
    [InlineData(1_005, "1.005")]
    [InlineData(1_000, "1")]
    [InlineData(0, "0")]
    [InlineData(-1_500, "-1.500")]
    [InlineData(long.MinValue, "-9223372036854775.808")]
    public void Timestamps_are_float_seconds_with_milliseconds_as_written(long milliseconds, string expected) =>
        Assert.Equal(expected, PrometheusFloat.FormatTimestamp(milliseconds));

    [Theory]
    [InlineData("1600096945", 1_600_096_945_000)]
    [InlineData("1600096945.479", 1_600_096_945_479)]
    [InlineData("1600096945.4796", 1_600_096_945_480)]
    [InlineData("1.5", 1_500)]
    [InlineData("-1.5", -1_500)]
    [InlineData("1e3", 1_000_000)]
    [InlineData("2015-07-01T20:10:51.781Z", 1_435_781_451_781)]
    [InlineData("2015-07-01T20:10:51.781999999Z", 1_435_781_451_781)]
    [InlineData("2015-07-01T22:10:51+02:00", 1_435_781_451_000)]
    [InlineData("-292273086-05-16T16:47:06Z", PrometheusTime.MinTimeMs)]
    [InlineData("292277025-08-18T07:12:54.999999999Z", PrometheusTime.MaxTimeMs)]
    public void Times_parse_from_unix_seconds_and_rfc3339(string text, long expected)
    {
        Assert.True(PrometheusTime.TryParse(text, out var ms));
        Assert.Equal(expected, ms);
    }

    [Theory]
    [InlineData("")]
    [InlineData("now")]
    [InlineData(" 15")]
    [InlineData("NaN")]
    [InlineData("1e300")]
    [InlineData("2015-07-01 20:10:51Z")]
    [InlineData("2015-07-01T20:10:51")]
    [InlineData("2015-02-30T00:00:00Z")]
    [InlineData("２０１５-07-01T20:10:51Z")]
    public void Times_that_are_neither_are_refused(string text) =>
        Assert.False(PrometheusTime.TryParse(text, out _));

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(15_000, "15s")]
    [InlineData(60_000, "1m")]
    [InlineData(90_000, "1m30s")]
    [InlineData(1_500, "1s500ms")]
    [InlineData(3_600_000, "1h")]
    [InlineData(1_209_600_000, "2w")]
    [InlineData(7_776_000_000, "90d")]
    [InlineData(31_536_000_000, "1y")]
    public void Durations_are_prometheus_model_durations(long milliseconds, string expected) =>
        Assert.Equal(expected, GoFormats.Duration(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void Instants_are_go_json_times_with_a_trimmed_fraction()
    {
        Assert.Equal("2017-01-17T15:07:44.7237154+01:00", GoFormats.Time(new DateTimeOffset(2017, 1, 17, 15, 7, 44, TimeSpan.FromHours(1)).AddTicks(7_237_154)));
        Assert.Equal("2017-01-17T14:07:44.5Z", GoFormats.Time(new DateTimeOffset(2017, 1, 17, 14, 7, 44, 500, TimeSpan.Zero)));
        Assert.Equal("0001-01-01T00:00:00Z", GoFormats.Time(null));
    }
}
