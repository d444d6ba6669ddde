using Orrery.Configuration;

namespace Orrery.Tests.Configuration;

public class ByteSizeTests
{
    [Theory]
    [InlineData("16777216", 16777216L)]
    [InlineData("16MiB", 16L << 20)]
    [InlineData("16 MiB", 16L << 20)]
    [InlineData("512KiB", 512L << 10)]
    [InlineData("1GiB", 1L << 30)]
    [InlineData("10MB", 10_000_000L)]
    [InlineData("64k", 64L << 10)]
    public void Parses_counts_with_units(string text, long expected)
    {
        Assert.Null(ServeSettingsResolver.ParseByteSize(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("5TiB")]
    [InlineData("lots")]
    public void Rejects_nonsense(string text) => Assert.NotNull(ServeSettingsResolver.ParseByteSize(text, out _));
}
