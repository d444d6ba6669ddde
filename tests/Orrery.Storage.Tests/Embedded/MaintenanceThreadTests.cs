using Orrery.Storage.Embedded;

namespace Orrery.Storage.Tests.Embedded;

public sealed class MaintenanceThreadTests
{
    [Fact]
    public async Task Work_runs_on_the_dedicated_thread_and_the_task_completes_after_it()
    {
        using var thread = new MaintenanceThread("test maintenance");
        string? name = null;
        var caller = Environment.CurrentManagedThreadId;
        var ranOn = caller;

        await thread.RunAsync(() =>
        {
            Thread.Sleep(50);
            name = Thread.CurrentThread.Name;
            ranOn = Environment.CurrentManagedThreadId;
        });

        Assert.Equal("test maintenance", name);
        Assert.NotEqual(caller, ranOn);
    }

    [Fact]
    public async Task A_failure_faults_the_task_and_the_thread_keeps_serving()
    {
        using var thread = new MaintenanceThread("test maintenance");

        var e = await Assert.ThrowsAsync<IOException>(() => thread.RunAsync(() => throw new IOException("disk full")));
        var ran = false;
        await thread.RunAsync(() => ran = true);

        Assert.Equal("disk full", e.Message);
        Assert.True(ran);
    }

    [Fact]
    public async Task On_linux_the_thread_runs_at_the_lowered_nice_value()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var thread = new MaintenanceThread("test maintenance");
        var nice = int.MinValue;

        await thread.RunAsync(() => nice = NiceOfCurrentThread());

        Assert.True(thread.Lowered);
        Assert.Equal(MaintenanceThread.Niceness, nice);
    }

    [Fact]
    public async Task Run_after_dispose_is_refused()
    {
        var thread = new MaintenanceThread("test maintenance");
        thread.Dispose();

        await Assert.ThrowsAnyAsync<ObjectDisposedException>(() => thread.RunAsync(() => { }));
    }

    /// <summary>Field 19 of /proc/thread-self/stat (after the parenthesised command name) is the nice value.</summary>
    private static int NiceOfCurrentThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture);
    }
}
