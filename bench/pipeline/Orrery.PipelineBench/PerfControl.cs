namespace Orrery.PipelineBench;

/// <summary>
/// Lets <c>perf record</c> sample only the timed part of each run (not the generation and decoding
/// around it): with <c>ORRERY_PERF_CTL</c> naming perf's control FIFO, started as
/// <c>perf record --control=fifo:$ORRERY_PERF_CTL -D -1 …</c>, each run enables the events when
/// its clock starts and disables them when it stops. Without the variable it does nothing.
/// </summary>
internal static class PerfControl
{
    private static readonly string? Fifo = Environment.GetEnvironmentVariable("ORRERY_PERF_CTL");

    public static void Enable() => Send("enable\n");

    public static void Disable() => Send("disable\n");

    private static void Send(string command)
    {
        if (Fifo is null) return;
        using var fifo = new FileStream(Fifo, FileMode.Open, FileAccess.Write);
        fifo.Write(System.Text.Encoding.ASCII.GetBytes(command));
    }
}
