using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orrery.Hosting;

/// <summary>
/// The process gauges every Prometheus client exports (<c>process_*</c>, named as its
/// specification for process metrics says, so stock dashboards and alerts work), plus the .NET
/// GC's view of the heap (<c>dotnet_gc_*</c>): how much of the resident memory is live data, how
/// much is free space the GC has not given back. All are read at scrape time.
/// </summary>
internal sealed class ProcessMetrics : IDisposable
{
    private const string ProcDirectory = "/proc/self";

    private readonly Meter _meter = new("Orrery.Process");
    private readonly double _startTimeSeconds;

    public ProcessMetrics()
    {
        using (var self = Process.GetCurrentProcess())
            _startTimeSeconds = new DateTimeOffset(self.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;

        _meter.CreateObservableCounter("process_cpu_seconds_total", () => Environment.CpuUsage.TotalTime.TotalSeconds, "s", "Total user and system CPU time spent in seconds.");
        _meter.CreateObservableGauge("process_resident_memory_bytes", () => Environment.WorkingSet, "bytes", "Resident memory size in bytes.");
        _meter.CreateObservableGauge("process_virtual_memory_bytes", VirtualMemoryBytes, "bytes", "Virtual memory size in bytes.");
        _meter.CreateObservableGauge("process_start_time_seconds", () => _startTimeSeconds, "s", "Start time of the process since unix epoch in seconds.");
        if (Directory.Exists(ProcDirectory + "/fd"))
        {
            _meter.CreateObservableGauge("process_open_fds", OpenFileDescriptors, description: "Number of open file descriptors.");
            if (MaxFileDescriptors() is { } max)
                _meter.CreateObservableGauge("process_max_fds", () => max, description: "Maximum number of open file descriptors.");
        }

        _meter.CreateObservableGauge("dotnet_gc_heap_size_bytes", () => GC.GetGCMemoryInfo().HeapSizeBytes, "bytes", "GC heap size at the last collection, free space included.");
        _meter.CreateObservableGauge("dotnet_gc_fragmented_bytes", () => GC.GetGCMemoryInfo().FragmentedBytes, "bytes", "Free space inside the GC heap at the last collection.");
        _meter.CreateObservableGauge("dotnet_gc_committed_bytes", () => GC.GetGCMemoryInfo().TotalCommittedBytes, "bytes", "Memory the GC has committed from the operating system.");
        _meter.CreateObservableGauge("dotnet_gc_generation_size_bytes", () => ByGeneration(g => g.SizeAfterBytes), "bytes", "Size of each GC generation after the last collection, free space included.");
        _meter.CreateObservableGauge("dotnet_gc_generation_fragmented_bytes", () => ByGeneration(g => g.FragmentationAfterBytes), "bytes", "Free space in each GC generation after the last collection.");
        _meter.CreateObservableCounter("dotnet_gc_allocated_bytes_total", () => GC.GetTotalAllocatedBytes(), "bytes", "Bytes allocated on the GC heap since the process started.");
        _meter.CreateObservableCounter("dotnet_gc_collections_total", Collections, description: "Garbage collections since the process started, by generation.");
        _meter.CreateObservableCounter("dotnet_gc_pause_seconds_total", () => GC.GetTotalPauseDuration().TotalSeconds, "s", "Time the GC paused the process since it started.");
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<long>> Collections()
    {
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
            yield return new Measurement<long>(GC.CollectionCount(generation), new KeyValuePair<string, object?>("generation", generation.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The GC's generations in <see cref="GCMemoryInfo.GenerationInfo"/> order: 0, 1, 2, the large and the pinned object heaps.</summary>
    private static readonly string[] GenerationNames = ["0", "1", "2", "loh", "poh"];

    private static Measurement<long>[] ByGeneration(Func<GCGenerationInfo, long> read)
    {
        var generations = GC.GetGCMemoryInfo().GenerationInfo;
        var measurements = new Measurement<long>[Math.Min(generations.Length, GenerationNames.Length)];
        for (var i = 0; i < measurements.Length; i++)
            measurements[i] = new Measurement<long>(read(generations[i]), new KeyValuePair<string, object?>("generation", GenerationNames[i]));
        return measurements;
    }

    private static long VirtualMemoryBytes()
    {
        using var self = Process.GetCurrentProcess();
        return self.VirtualMemorySize64;
    }

    private static long OpenFileDescriptors()
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(ProcDirectory + "/fd").LongCount();
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>The soft limit on open files, from the "Max open files" row of /proc/self/limits.</summary>
    private static long? MaxFileDescriptors()
    {
        try
        {
            foreach (var line in File.ReadLines(ProcDirectory + "/limits"))
            {
                if (!line.StartsWith("Max open files", StringComparison.Ordinal)) continue;
                var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return fields.Length > 0 && long.TryParse(fields[0], out var soft) ? soft : null;
            }
        }
        catch (IOException)
        {
        }
        return null;
    }
}
