using Orrery.Api.Prometheus.Query;

namespace Orrery.Api.Tests.Prometheus;

public class QueryDurationTests
{
    [Theory]
    [InlineData("15", 15_000_000_000)]
    [InlineData("0.5", 500_000_000)]
    [InlineData("1e3", 1_000_000_000_000)]
    [InlineData("-15", -15_000_000_000)]
    [InlineData("0", 0)]
    [InlineData("1m30s", 90_000_000_000)]
    [InlineData("1h", 3_600_000_000_000)]
    [InlineData("2d", 172_800_000_000_000)]
    [InlineData("1w", 604_800_000_000_000)]
    [InlineData("1y", 31_536_000_000_000_000)]
    [InlineData("250ms", 250_000_000)]
    [InlineData("1h0m0s", 3_600_000_000_000)]
    public void Seconds_and_prometheus_durations(string text, long nanoseconds)
    {
        Assert.Null(QueryDuration.TryParse(text, out var parsed));
        Assert.Equal(nanoseconds, parsed);
    }

    [Theory]
    [InlineData("", "cannot parse \"\" to a valid duration")]
    [InlineData("1x", "cannot parse \"1x\" to a valid duration")]
    [InlineData("30s1m", "cannot parse \"30s1m\" to a valid duration")]
    [InlineData("1.5m", "cannot parse \"1.5m\" to a valid duration")]
    [InlineData("1e20", "cannot parse \"1e20\" to a valid duration. It overflows int64")]
    public void Invalid_durations_are_worded_as_prometheus_words_them(string text, string error) =>
        Assert.Equal(error, QueryDuration.TryParse(text, out _));

    [Fact]
    public void Milliseconds_truncate() => Assert.Equal(1, QueryDuration.ToMilliseconds(1_999_999));
}
