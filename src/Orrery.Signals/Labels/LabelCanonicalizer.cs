namespace Orrery.Signals.Labels;

/// <summary>Puts a label set (of a series or a log stream) in its canonical form, in place.</summary>
public static class LabelCanonicalizer
{
    /// <summary>
    /// Drops labels with an empty value (Prometheus and Loki treat them as absent) and sorts
    /// the rest by name in byte order. Returns how many labels remain at the front of
    /// <paramref name="labels"/>, or -1 when a name occurs twice (<paramref name="duplicateName"/> names it).
    /// </summary>
    public static int Canonicalize(ByteArena bytes, Span<LabelRow> labels, out string? duplicateName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        duplicateName = null;
        var kept = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i].Value.IsEmpty) continue;
            labels[kept++] = labels[i];
        }
        labels = labels[..kept];
        SortByName(bytes, labels);
        for (var i = 1; i < labels.Length; i++)
        {
            if (bytes.Get(labels[i - 1].Name).SequenceEqual(bytes.Get(labels[i].Name)))
            {
                duplicateName = bytes.GetString(labels[i].Name);
                return -1;
            }
        }
        return kept;
    }

    /// <summary>Insertion sort: a label set has a handful of labels, usually added almost in order.</summary>
    private static void SortByName(ByteArena bytes, Span<LabelRow> labels)
    {
        for (var i = 1; i < labels.Length; i++)
        {
            var item = labels[i];
            var name = bytes.Get(item.Name);
            var j = i - 1;
            while (j >= 0 && bytes.Get(labels[j].Name).SequenceCompareTo(name) > 0)
            {
                labels[j + 1] = labels[j];
                j--;
            }
            labels[j + 1] = item;
        }
    }
}
