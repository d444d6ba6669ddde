using Orrery.Query.PromQL.Engine;

namespace Orrery.Query.PromQL.Functions;

/// <summary>sort, sort_desc (NaN last either way) and sort_by_label(_desc) (natural order of label values, then full labels).</summary>
internal static class SortFunctions
{
    public static void Sort(FunctionCall call, List<Sample> output) => SortByValue(call, output, descending: false);

    public static void SortDesc(FunctionCall call, List<Sample> output) => SortByValue(call, output, descending: true);

    private static void SortByValue(FunctionCall call, List<Sample> output, bool descending)
    {
        // OrderBy is stable: among equal values (whose order PromQL leaves open) input order stays.
        output.AddRange(call.Vector.OrderBy(s => s.F, Comparer<double>.Create((a, b) => CompareValues(a, b, descending))));
    }

    private static int CompareValues(double a, double b, bool descending)
    {
        var aNaN = double.IsNaN(a);
        var bNaN = double.IsNaN(b);
        if (aNaN || bNaN) return aNaN == bNaN ? 0 : aNaN ? 1 : -1;
        return descending ? b.CompareTo(a) : a.CompareTo(b);
    }

    public static void SortByLabel(FunctionCall call, List<Sample> output) => ByLabel(call, output, descending: false);

    public static void SortByLabelDesc(FunctionCall call, List<Sample> output) => ByLabel(call, output, descending: true);

    private static void ByLabel(FunctionCall call, List<Sample> output, bool descending)
    {
        var labels = call.Strings.Skip(1).Select(s => s ?? string.Empty).ToArray();
        var sorted = call.Vector.ToList();
        sorted.Sort((a, b) =>
        {
            foreach (var label in labels)
            {
                var va = a.Metric.Get(label);
                var vb = b.Metric.Get(label);
                if (string.Equals(va, vb, StringComparison.Ordinal)) continue;
                var less = NaturalOrder.Less(va, vb);
                return descending ? (less ? 1 : -1) : (less ? -1 : 1);
            }
            return descending ? b.Metric.CompareTo(a.Metric) : a.Metric.CompareTo(b.Metric);
        });
        output.AddRange(sorted);
    }
}

/// <summary>
/// Natural string order as the Go package Prometheus uses for sort_by_label: strings split into
/// runs of ASCII digits and non-digits, digit runs compared as integers.
/// </summary>
internal static class NaturalOrder
{
    public static bool Less(string a, string b)
    {
        var chunksA = Chunks(a);
        var chunksB = Chunks(b);
        for (var i = 0; i < chunksA.Count; i++)
        {
            if (i >= chunksB.Count) return false;
            var ca = chunksA[i];
            var cb = chunksB[i];
            if (TryInt(ca, out var ia) && TryInt(cb, out var ib))
            {
                if (ia == ib)
                {
                    if (i == chunksA.Count - 1) return true;
                    if (i == chunksB.Count - 1) return false;
                    continue;
                }
                return ia < ib;
            }
            if (string.Equals(ca, cb, StringComparison.Ordinal))
            {
                if (i == chunksA.Count - 1) return true;
                if (i == chunksB.Count - 1) return false;
                continue;
            }
            return string.CompareOrdinal(ca, cb) < 0;
        }
        return false;
    }

    private static bool TryInt(string s, out long value)
    {
        value = 0;
        if (s.Length == 0 || s.Length > 18) return false;
        foreach (var c in s)
        {
            if (c is < '0' or > '9') return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    private static List<string> Chunks(string s)
    {
        var chunks = new List<string>();
        var start = 0;
        for (var i = 1; i <= s.Length; i++)
        {
            if (i == s.Length || IsDigit(s[i]) != IsDigit(s[start]))
            {
                chunks.Add(s[start..i]);
                start = i;
            }
        }
        return chunks;
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';
}
