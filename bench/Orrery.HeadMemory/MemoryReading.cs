using System.Diagnostics;

namespace Orrery.HeadMemory;

/// <summary>One reading of the process's memory: live managed heap, the GC's view of it and the resident set.</summary>
internal readonly record struct MemoryReading(long LiveBytes, long HeapBytes, long FragmentedBytes, long CommittedBytes, long RssBytes)
{
    /// <summary>After full blocking collections (compacting the LOH too), so <see cref="LiveBytes"/> is what is reachable.</summary>
    public static MemoryReading AfterFullCollection()
    {
        // Twice: space freed on the large object heap is counted as used until a later collection.
        for (var i = 0; i < 2; i++)
        {
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        var live = GC.GetTotalMemory(forceFullCollection: true);
        return Take(live);
    }

    /// <summary>As the process stands, no collection first (what an outside observer of RSS sees).</summary>
    public static MemoryReading AsIs() => Take(GC.GetTotalMemory(forceFullCollection: false));

    private static MemoryReading Take(long live)
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        return new MemoryReading(live, info.HeapSizeBytes, info.FragmentedBytes, info.TotalCommittedBytes, Rss());
    }

    /// <summary>VmRSS from /proc (Linux), else the working set.</summary>
    public static long Rss()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                var kib = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kib, System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
        }
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    public static string Header => "live B/series | GC heap B/series | fragmented B/series | committed B/series | RSS B/series";

    /// <summary>The difference to <paramref name="before"/> per series, as a table row.</summary>
    public string PerSeries(MemoryReading before, int series) => string.Join(" | ",
        Per(LiveBytes - before.LiveBytes, series), Per(HeapBytes - before.HeapBytes, series), Per(FragmentedBytes - before.FragmentedBytes, series),
        Per(CommittedBytes - before.CommittedBytes, series), Per(RssBytes - before.RssBytes, series));

    private static string Per(long bytes, int series) => (bytes / (double)series).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
