using Orrery.Query;

namespace Orrery.Query.Tests;

public class GoDurationTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("100ms", 100_000_000L)]
    [InlineData("1.5s", 1_500_000_000L)]
    [InlineData("1h30m", 5_400_000_000_000L)]
    [InlineData("250us", 250_000L)]
    [InlineData("250µs", 250_000L)]
    [InlineData("7ns", 7L)]
    [InlineData("14d", 14L * 86_400_000_000_000)]
    [InlineData("2w", 14L * 86_400_000_000_000)]
    [InlineData("-2s", -2_000_000_000L)]
    public void Parses_go_and_prometheus_durations(string text, long expectedNanos)
    {
        Assert.True(GoDuration.TryParse(text, out var nanos, out var error), error);
        Assert.Equal(expectedNanos, nanos);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("ms")]
    [InlineData("10x")]
    [InlineData("1.2.3s")]
    [InlineData("s10")]
    [InlineData("999999999999h")]
    public void Rejects_what_is_not_a_duration(string text)
    {
        Assert.False(GoDuration.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
