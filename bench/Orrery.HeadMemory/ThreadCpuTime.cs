using System.Runtime.InteropServices;

namespace Orrery.HeadMemory;

/// <summary>CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>), for per-sample costs on a shared machine.</summary>
internal static partial class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3;

    public static TimeSpan Current()
    {
        if (!OperatingSystem.IsLinux()) return TimeSpan.Zero;
        if (clock_gettime(ClockThreadCpuTimeId, out var ts) != 0) throw new InvalidOperationException("clock_gettime failed");
        return TimeSpan.FromTicks((ts.Seconds * TimeSpan.TicksPerSecond) + (ts.Nanoseconds / 100));
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", SetLastError = false)]
    private static partial int clock_gettime(int clockId, out TimeSpec time);
}
