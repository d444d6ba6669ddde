using FsCheck;
using FsCheck.Fluent;
using Orrery.Storage.Encodings;
using Orrery.Storage.Metrics.Encoding;

namespace Orrery.Storage.Tests.Metrics.Encoding;

public class PostingsTests
{
    private static int[] Sorted(IEnumerable<int> ids) => ids.Select(Math.Abs).Distinct().Order().ToArray();

    [Fact]
    public void IntersectOfABigAndASmallList()
    {
        var big = Enumerable.Range(0, 1_000_000).Select(i => i * 2).ToArray();
        Assert.Equal([10, 1_999_998], Postings.Intersect([big, [3, 10, 11, 1_999_998, 2_000_001]]));
        Assert.Equal([10, 1_999_998], Postings.Intersect([[3, 10, 11, 1_999_998, 2_000_001], big]));
    }

    [Theory]
    [InlineData(new int[0], new int[] { 1, 2 }, new int[0])]
    [InlineData(new[] { 1, 2, 3 }, new[] { 1, 2, 3 }, new[] { 1, 2, 3 })]
    [InlineData(new[] { 1, 5, 9 }, new[] { 2, 5, 10 }, new[] { 5 })]
    public void IntersectTwo(int[] a, int[] b, int[] expected) => Assert.Equal(expected, Postings.Intersect([a, b]));

    [Fact]
    public void EmptyInputs()
    {
        Assert.Empty(Postings.Intersect([]));
        Assert.Empty(Postings.Union([]));
        Assert.Equal([1, 2], Postings.Subtract([1, 2], []));
        Assert.Empty(Postings.Subtract([], [1]));
    }

    [Fact]
    public void SetOperationsAgreeWithLinq() =>
        Prop.ForAll<int[], int[], int[]>((a, b, c) =>
        {
            var (x, y, z) = (Sorted(a), Sorted(b), Sorted(c));
            var ok = Postings.Intersect([x, y, z]).SequenceEqual(x.Intersect(y).Intersect(z).Order())
                && Postings.Union([x, y, z]).SequenceEqual(x.Union(y).Union(z).Order())
                && Postings.Subtract(x, y).SequenceEqual(x.Except(y).Order());
            return ok;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void EncodingRoundTrips() =>
        Prop.ForAll<int[]>(a =>
        {
            var ids = Sorted(a);
            var buffer = new ByteBuffer();
            Postings.Write(buffer, ids);
            return Postings.Read(buffer.Written).SequenceEqual(ids);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void WriteRejectsUnsortedIds() =>
        Assert.Throws<ArgumentException>(() => Postings.Write(new ByteBuffer(), [3, 2]));

    [Fact]
    public void ReadRejectsTruncatedData()
    {
        var buffer = new ByteBuffer();
        Postings.Write(buffer, [1, 200, 70_000]);
        Assert.Throws<InvalidDataException>(() => Postings.Read(buffer.Written[..^1]));
    }
}
