using Microsoft.Extensions.Primitives;
using Orrery.Api.Loki;

namespace Orrery.Api.Tests.Loki;

public class LokiParametersTests
{
    [Theory]
    [InlineData("1700000000", 1_700_000_000_000_000_000)]
    [InlineData("1700000000000000001", 1_700_000_000_000_000_001)]
    [InlineData("1700000000.5", 1_700_000_000_500_000_000)]
    [InlineData("2023-11-14T22:13:20Z", 1_700_000_000_000_000_000)]
    [InlineData("2023-11-14T22:13:20.25+00:00", 1_700_000_000_250_000_000)]
    [InlineData("2023-11-14T23:13:20+01:00", 1_700_000_000_000_000_000)]
    public void Times_are_read_as_loki_reads_them(string text, long expected)
    {
        Assert.True(LokiParameters.TryParseTime(text, out var ns));
        Assert.Equal(expected, ns);
    }

    [Theory]
    [InlineData("15", 15_000_000_000)]
    [InlineData("0.5", 500_000_000)]
    [InlineData("1m", 60_000_000_000)]
    [InlineData("1h30m", 5_400_000_000_000)]
    public void Steps_are_seconds_or_durations(string text, long expected)
    {
        var parameters = new LokiParameters([new("step", new StringValues(text))]);

        Assert.True(parameters.TryGetDuration("step", out var ns, out _));
        Assert.Equal(expected, ns);
    }

    [Fact]
    public void Since_sets_start_back_from_end()
    {
        var parameters = new LokiParameters([new("end", new StringValues("100")), new("since", new StringValues("30s"))]);

        Assert.True(parameters.TryGetRange(0, 1, out var start, out var end, out _));
        Assert.Equal(70_000_000_000, start);
        Assert.Equal(100_000_000_000, end);
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(3, "3")]
    [InlineData(1e21, "1000000000000000000000")]
    [InlineData(1.5e-7, "0.00000015")]
    [InlineData(-2.5e-7, "-0.00000025")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    public void Sample_values_are_formatted_like_go_without_exponents(double value, string expected)
    {
        Assert.Equal(expected, LokiResultWriter.FormatValue(value));
    }
}
