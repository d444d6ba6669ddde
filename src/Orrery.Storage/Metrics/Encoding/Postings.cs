using Orrery.Storage.Encodings;

namespace Orrery.Storage.Metrics.Encoding;

/// <summary>
/// Postings: ascending, duplicate-free lists of series ids, one per label pair, and the set
/// operations label matchers compose from them. On disk a list is its count then the gaps
/// between ids as varints (a dense list costs a byte an id).
/// </summary>
public static class Postings
{
    /// <summary>Ids present in every list. Starts from the shortest and gallops through the others, so one small list against a huge one costs O(small · log huge).</summary>
    public static int[] Intersect(IReadOnlyList<int[]> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        if (lists.Count == 0) return [];
        var order = lists.OrderBy(l => l.Length).ToArray();
        var result = order[0];
        for (var i = 1; i < order.Length && result.Length > 0; i++) result = IntersectTwo(result, order[i]);
        return result == order[0] ? (int[])result.Clone() : result;
    }

    /// <summary>Ids present in any list.</summary>
    public static int[] Union(IReadOnlyList<int[]> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        switch (lists.Count)
        {
            case 0: return [];
            case 1: return (int[])lists[0].Clone();
        }
        // Pairwise merges, smallest first: fewer passes over the long lists than a left fold.
        var queue = new PriorityQueue<int[], int>();
        foreach (var l in lists) queue.Enqueue(l, l.Length);
        while (queue.Count > 1)
        {
            var merged = UnionTwo(queue.Dequeue(), queue.Dequeue());
            queue.Enqueue(merged, merged.Length);
        }
        return queue.Dequeue();
    }

    /// <summary>Ids of <paramref name="from"/> not in <paramref name="remove"/>.</summary>
    public static int[] Subtract(int[] from, int[] remove)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(remove);
        if (remove.Length == 0 || from.Length == 0) return (int[])from.Clone();
        var result = new List<int>(from.Length);
        var j = 0;
        foreach (var id in from)
        {
            j = Gallop(remove, j, id);
            if (j >= remove.Length || remove[j] != id) result.Add(id);
        }
        return [.. result];
    }

    /// <summary>Appends a list: count, then the first id and the gaps between ids, as varints.</summary>
    public static void Write(ByteBuffer buffer, ReadOnlySpan<int> ids)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        buffer.WriteVarUInt((ulong)ids.Length);
        var previous = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            if (ids[i] < previous || (i > 0 && ids[i] == previous)) throw new ArgumentException("postings must be ascending and unique", nameof(ids));
            buffer.WriteVarUInt((ulong)(ids[i] - previous));
            previous = ids[i];
        }
    }

    /// <summary>Reads a list <see cref="Write"/> wrote; <see cref="InvalidDataException"/> if it is not one.</summary>
    public static int[] Read(ref ByteReader reader)
    {
        var count = reader.ReadCount();
        // Every id takes at least one byte.
        if (count > reader.Remaining) throw new InvalidDataException("postings list longer than its data");
        var ids = new int[count];
        long previous = 0;
        for (var i = 0; i < count; i++)
        {
            var gap = reader.ReadVarUInt();
            if ((i > 0 && gap == 0) || gap > int.MaxValue) throw new InvalidDataException("postings not ascending");
            previous += (long)gap;
            if (previous > int.MaxValue) throw new InvalidDataException("series id out of range");
            ids[i] = (int)previous;
        }
        return ids;
    }

    public static int[] Read(ReadOnlySpan<byte> data)
    {
        var reader = new ByteReader(data);
        return Read(ref reader);
    }

    private static int[] IntersectTwo(int[] small, int[] large)
    {
        var result = new List<int>(small.Length);
        var j = 0;
        foreach (var id in small)
        {
            j = Gallop(large, j, id);
            if (j >= large.Length) break;
            if (large[j] == id) result.Add(id);
        }
        return [.. result];
    }

    private static int[] UnionTwo(int[] a, int[] b)
    {
        var result = new int[a.Length + b.Length];
        int i = 0, j = 0, n = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] < b[j]) result[n++] = a[i++];
            else if (a[i] > b[j]) result[n++] = b[j++];
            else
            {
                result[n++] = a[i++];
                j++;
            }
        }
        while (i < a.Length) result[n++] = a[i++];
        while (j < b.Length) result[n++] = b[j++];
        return n == result.Length ? result : result[..n];
    }

    /// <summary>The first index ≥ <paramref name="from"/> whose id is ≥ <paramref name="target"/>: doubling steps, then a binary search.</summary>
    internal static int Gallop(int[] list, int from, int target)
    {
        if (from >= list.Length || list[from] >= target) return from;
        var step = 1;
        var low = from;
        var high = from + 1;
        while (high < list.Length && list[high] < target)
        {
            low = high;
            step <<= 1;
            high = from + step;
        }
        if (high > list.Length) high = list.Length;
        // list[low] < target; the answer is in (low, high].
        var lo = low + 1;
        var hi = high;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (list[mid] < target) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
