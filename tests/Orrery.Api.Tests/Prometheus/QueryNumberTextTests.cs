using System.Text;
using Orrery.Api.Prometheus;
using Orrery.Api.Prometheus.Query;

namespace Orrery.Api.Tests.Prometheus;

/// <summary>The query writer's byte formatter must agree with <see cref="PrometheusFloat"/>, whose strings are checked against Go's.</summary>
public class QueryNumberTextTests
{
    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(100.0, "100")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(0.00000123, "0.00000123")]
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
    public void Values_are_written_as_prometheus_writes_them(double value, string expected)
    {
        Assert.Equal(expected, Value(value));
        Assert.Equal(PrometheusFloat.FormatValue(value), Value(value));
    }

    [Fact]
    public void Random_values_match_the_string_formatter()
    {
        var random = new Random(7);
        Span<byte> bits = stackalloc byte[8];
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(bits);
            var value = i % 3 switch
            {
                0 => BitConverter.ToDouble(bits),
                1 => Math.Round(random.NextDouble() * 1000, random.Next(0, 6)),
                _ => random.NextDouble() * Math.Pow(10, random.Next(-30, 30)),
            };
            Assert.Equal(PrometheusFloat.FormatValue(value), Value(value));
        }
    }

    [Theory]
    [InlineData(1_600_096_945_479)]
    [InlineData(1_500)]
    [InlineData(1_050)]
    [InlineData(1_005)]
    [InlineData(1_000)]
    [InlineData(0)]
    [InlineData(-1_500)]
    [InlineData(-5)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void Timestamps_match_the_string_formatter(long milliseconds)
    {
        Span<byte> text = stackalloc byte[PromQLNumberText.MaxLength];
        var length = PromQLNumberText.FormatTimestamp(milliseconds, text);
        Assert.Equal(PrometheusFloat.FormatTimestamp(milliseconds), Encoding.UTF8.GetString(text[..length]));
    }

    private static string Value(double value)
    {
        Span<byte> text = stackalloc byte[PromQLNumberText.MaxLength];
        var length = PromQLNumberText.FormatValue(value, text);
        return Encoding.UTF8.GetString(text[..length]);
    }
}
