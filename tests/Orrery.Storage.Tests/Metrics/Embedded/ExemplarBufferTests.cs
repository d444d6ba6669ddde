using Orrery.Signals.Labels;
using Orrery.Storage.Metrics.Embedded;

namespace Orrery.Storage.Tests.Metrics.Embedded;

public class ExemplarBufferTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 3)]
    [InlineData(100, 63)]
    [InlineData(100, 64)]
    [InlineData(100, 65)]
    [InlineData(100, 100)]
    [InlineData(100, 250)]
    [InlineData(1000, 700)]
    public void KeepsTheNewestUpToCapacityOldestFirst(int capacity, int added)
    {
        var buffer = new ExemplarBuffer(capacity);
        var series = new HeadSeries(1, [], -1);
        for (var t = 1; t <= added; t++) Assert.True(buffer.Add(series, t, t * 0.5, LabelSet.Empty));
        var kept = Math.Min(capacity, added);
        Assert.Equal(kept, buffer.Count);
        Assert.Equal(Enumerable.Range(added - kept + 1, kept).Select(t => (long)t), buffer.ToArray().Select(e => e.TimestampMs));
    }

    [Fact]
    public void AResendIsNotStoredTwice()
    {
        var buffer = new ExemplarBuffer(10);
        var series = new HeadSeries(1, [], -1);
        Assert.True(buffer.Add(series, 5, 1, LabelSet.Empty));
        Assert.False(buffer.Add(series, 5, 1, LabelSet.Empty));
        Assert.Single(buffer.ToArray());
    }
}
