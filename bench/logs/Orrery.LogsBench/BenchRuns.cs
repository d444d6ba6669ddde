using System.Diagnostics;
using Orrery.Query.LogQL.Engine;
using Orrery.Storage.Logs;

namespace Orrery.LogsBench;

/// <summary>Wall and process-CPU times of repeated runs, sorted, so each bench reports medians the same way.</summary>
internal sealed record Timings(List<double> WallMs, List<double> CpuMs)
{
    public double MedianWallMs => WallMs[WallMs.Count / 2];

    public double MedianCpuMs => CpuMs[CpuMs.Count / 2];
}

/// <summary>What the logs benches share: timing repeated runs, counting a cursor scan, naming a LogQL result.</summary>
internal static class BenchRuns
{
    /// <summary>Process CPU includes any background work meanwhile (compaction, chunks decoded ahead); on an idle store it is the run's.</summary>
    public static Timings Time(int runs, Action run)
    {
        var wall = new List<double>(runs);
        var cpu = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var clock = Stopwatch.StartNew();
            run();
            wall.Add(clock.Elapsed.TotalMilliseconds);
            cpu.Add((Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds);
        }
        wall.Sort();
        cpu.Sort();
        return new Timings(wall, cpu);
    }

    /// <summary>Every line the request selects, read to the end through the store's cursors.</summary>
    public static long CountLines(ILogReader store, LogSelectRequest request)
    {
        long lines = 0;
        foreach (var cursor in store.Select("default", request))
        {
            using (cursor)
            {
                while (cursor.MoveNext()) lines++;
            }
        }
        return lines;
    }

    public static string Describe(LogQLResult result) => result switch
    {
        StreamsResult s => $"{s.Entries.Count} lines",
        VectorResult v => $"{v.Samples.Sum(x => x.Value):N0} counted",
        MatrixResult m => $"{m.Series.Count} series, {m.Series.Sum(x => x.Points.Sum(p => p.Value)):N0} counted",
        _ => result.GetType().Name,
    };

    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => $"{a} {b}");
}
