using FsCheck;
using FsCheck.Fluent;
using Orrery.Storage.Metrics.Embedded;

namespace Orrery.Storage.Tests.Metrics.Embedded;

public class PostingListTests
{
    private static PostingList Build(IEnumerable<int> ids)
    {
        var list = default(PostingList);
        foreach (var id in ids) list.Add(id);
        return list;
    }

    [Theory]
    [InlineData(new int[0], new int[0])]
    [InlineData(new[] { 0 }, new[] { 0 })]
    [InlineData(new[] { int.MaxValue }, new[] { int.MaxValue })]
    [InlineData(new[] { 0, int.MaxValue }, new[] { 0, int.MaxValue })]
    [InlineData(new[] { 1, 2, 3, 4, 5 }, new[] { 1, 2, 3, 4, 5 })]
    [InlineData(new[] { 5, 5, 5 }, new[] { 5 })]
    [InlineData(new[] { 9, 3, 7, 3, 1 }, new[] { 1, 3, 7, 9 })]
    [InlineData(new[] { 127, 128, 16_383, 16_384, 2_097_151, 2_097_152 }, new[] { 127, 128, 16_383, 16_384, 2_097_151, 2_097_152 })]
    [InlineData(new[] { 1_000_000, 2 }, new[] { 2, 1_000_000 })]
    public void HoldsTheIdsSortedOnce(int[] added, int[] expected)
    {
        var list = Build(added);
        Assert.Equal(expected, list.ToArray());
        Assert.Equal(expected.Length, list.Count);
    }

    [Fact]
    public void OneIdTakesNoArray() => Assert.Equal(0, Build([42]).CapacityBytes);

    [Fact]
    public void DenseIdsTakeAboutAByteEach()
    {
        var list = Build(Enumerable.Range(1, 10_000));
        Assert.InRange(list.CapacityBytes, 10_000, 15_100);
    }

    [Fact]
    public void AnyAddOrderGivesTheSortedDistinctIds() =>
        Prop.ForAll<int[]>(raw =>
        {
            var ids = raw.Select(i => i & int.MaxValue).ToArray();
            return Build(ids).ToArray().SequenceEqual(ids.Distinct().Order());
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void RemovingKeepsTheRestInOrder() =>
        Prop.ForAll<int[], int[]>((raw, gone) =>
        {
            var ids = raw.Select(i => i & int.MaxValue).ToArray();
            var removed = gone.Select(i => i & int.MaxValue).Concat(ids.Where((_, i) => i % 3 == 0)).ToHashSet();
            var list = Build(ids);
            list.RemoveAll(removed);
            var expected = ids.Distinct().Where(i => !removed.Contains(i)).Order().ToArray();
            // Appending after a removal still works (the last id is the kept list's last).
            list.Add(int.MaxValue);
            return list.ToArray().SequenceEqual(expected.Append(int.MaxValue).Distinct()) && list.Count == expected.Append(int.MaxValue).Distinct().Count();
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void RemovingEverythingEmptiesTheList()
    {
        var list = Build([3, 4, 5]);
        list.RemoveAll(new HashSet<int> { 3, 4, 5 });
        Assert.Equal(0, list.Count);
        Assert.Empty(list.ToArray());
        list.Add(1);
        Assert.Equal([1], list.ToArray());
    }

    [Fact]
    public void NegativeIdsAreRefused() => Assert.Throws<ArgumentOutOfRangeException>(() => Build([-1]));
}
