namespace Orrery.Storage.Metrics.Encoding;

/// <summary>Sorted lists of series ids and the set operations label matchers need.</summary>
public static class Postings
{
    public static int[] Intersect(IReadOnlyList<int[]> lists) => throw new NotImplementedException();
    public static int[] Union(IReadOnlyList<int[]> lists) => throw new NotImplementedException();
    public static int[] Subtract(int[] from, int[] remove) => throw new NotImplementedException();
}
