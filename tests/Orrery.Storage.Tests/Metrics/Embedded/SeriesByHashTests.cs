using Orrery.Storage.Metrics.Embedded;

namespace Orrery.Storage.Tests.Metrics.Embedded;

public class SeriesByHashTests
{
    private static List<int> Candidates(SeriesByHash table, ulong hash)
    {
        var ids = new List<int>();
        foreach (var id in table.Find(hash)) ids.Add(id);
        return ids;
    }

    [Fact]
    public void FindsEveryIdUnderItsHashAfterGrowing()
    {
        var table = new SeriesByHash();
        var hashes = Enumerable.Range(0, 50_000).Select(i => (ulong)i * 0x9E3779B97F4A7C15).ToArray();
        for (var i = 0; i < hashes.Length; i++) table.Add(hashes[i], i);
        Assert.Equal(50_000, table.Count);
        Assert.InRange(table.Capacity, 50_000 * 4 / 3, 50_000 * 8 / 3);
        for (var i = 0; i < hashes.Length; i++) Assert.Contains(i, Candidates(table, hashes[i]));
    }

    [Fact]
    public void SameHashGivesEveryCandidate()
    {
        var table = new SeriesByHash();
        table.Add(7, 1);
        table.Add(7, 2);
        // Same high 32 bits, different low ones: still a candidate (the caller compares labels).
        table.Add(8, 3);
        table.Add(1UL << 40, 4);
        Assert.Equal([1, 2, 3], Candidates(table, 7).Order());
        Assert.Equal([4], Candidates(table, 1UL << 40));
        Assert.Empty(Candidates(table, 5UL << 40));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(int.MaxValue - 1)]
    public void IdsAtTheEdgesRoundTrip(int id)
    {
        var table = new SeriesByHash();
        table.Add(0, id);
        Assert.Equal([id], Candidates(table, 0));
    }

    [Fact]
    public void RemoveAllDropsOnlyThoseAndShrinks()
    {
        var table = new SeriesByHash();
        for (var i = 0; i < 10_000; i++) table.Add((ulong)i << 32, i);
        var big = table.Capacity;
        var gone = Enumerable.Range(0, 10_000).Where(i => i % 100 != 0).ToHashSet();
        table.RemoveAll(gone);
        Assert.Equal(100, table.Count);
        Assert.True(table.Capacity < big / 4, $"capacity {table.Capacity} of {big}");
        for (var i = 0; i < 10_000; i++) Assert.Equal(gone.Contains(i) ? [] : [i], Candidates(table, (ulong)i << 32));
        table.Add(3UL << 32, 20_000);
        Assert.Equal([20_000], Candidates(table, 3UL << 32));
    }
}
