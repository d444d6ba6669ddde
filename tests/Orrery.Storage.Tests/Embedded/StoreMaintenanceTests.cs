using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orrery.Storage.Embedded;
using Orrery.Storage.Tests.Support;

namespace Orrery.Storage.Tests.Embedded;

public class StoreMaintenanceTests
{
    [Fact]
    public async Task Requests_wait_for_start_up_and_run_the_store_operations()
    {
        var calls = new List<string>();
        var (lifecycle, maintenance) = Create(calls);
        Assert.Throws<InvalidOperationException>(() => maintenance.CutAllNow());
        await lifecycle.StartAsync(() => { }, CancellationToken.None);

        Assert.Equal(1, maintenance.CutAllNow());
        Assert.Equal(2, maintenance.CompactNow());
        Assert.Equal(3, maintenance.ApplyRetentionNow(DateTimeOffset.UnixEpoch));

        Assert.Equal(["cut force=True", "compact", "retention 1970-01-01"], calls);
    }

    [Fact]
    public async Task Stopping_cuts_every_head_and_a_failed_cut_does_not_throw()
    {
        var calls = new List<string>();
        var (lifecycle, maintenance) = Create(calls, cutFails: true);
        await lifecycle.StartAsync(() => { }, CancellationToken.None);

        await maintenance.StopAsync();

        Assert.Equal(["cut force=True"], calls);
    }

    [Fact]
    public async Task With_separate_gates_a_cut_runs_while_a_compaction_is_in_progress()
    {
        var lifecycle = new StoreLifecycle(this, "test store");
        StoreMaintenance? maintenance = null;
        var cutDuringCompaction = false;
        maintenance = new StoreMaintenance("test", NullLogger.Instance, lifecycle, _ => 1, () =>
        {
            // A cut waiting behind this compaction would never finish: the wait bounds the hang, not a duration.
            cutDuringCompaction = Task.Run(() => maintenance!.CutAllNow()).Wait(TimeSpan.FromMinutes(1));
            return 0;
        }, _ => 0);
        await lifecycle.StartAsync(() => { }, CancellationToken.None);

        maintenance.CompactNow();

        Assert.True(cutDuringCompaction);
    }

    [Fact]
    public async Task With_one_gate_no_two_operations_overlap()
    {
        var lifecycle = new StoreLifecycle(this, "test store");
        var inside = 0;
        var overlapped = false;
        int Operation()
        {
            if (Interlocked.Increment(ref inside) > 1) overlapped = true;
            // Widen the window a second operation would enter in, were the gates apart.
            Thread.SpinWait(20_000);
            Interlocked.Decrement(ref inside);
            return 0;
        }
        var maintenance = new StoreMaintenance(
            "test", NullLogger.Instance, lifecycle, _ => Operation(), Operation, _ => Operation(), new MaintenanceSchedule { OneGate = true });
        await lifecycle.StartAsync(() => { }, CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
        {
            switch (i % 4)
            {
                case 0: maintenance.CutAllNow(); break;
                case 1: maintenance.CompactNow(); break;
                case 2: maintenance.ApplyRetentionNow(DateTimeOffset.UnixEpoch); break;
                default: maintenance.RunNow(() => Operation()); break;
            }
        })));

        Assert.False(overlapped);
    }

    [Fact]
    public async Task Background_rounds_run_on_the_named_low_priority_thread()
    {
        var lifecycle = new StoreLifecycle(this, "test store");
        var cutThread = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var maintenance = new StoreMaintenance("test", NullLogger.Instance, lifecycle, force =>
        {
            if (!force) cutThread.TrySetResult(Thread.CurrentThread.Name);
            return 0;
        }, () => 0, _ => 0, new MaintenanceSchedule { LowPriorityThreadName = "test maintenance" });
        await lifecycle.StartAsync(() => { }, CancellationToken.None);
        maintenance.Start(TimeSpan.FromDays(1), TimeProvider.System);

        maintenance.RequestCut();

        Assert.Equal("test maintenance", await cutThread.Task.WaitAsync(TimeSpan.FromMinutes(1)));
        await maintenance.StopAsync();
    }

    [Fact]
    public async Task A_failed_shutdown_round_is_logged_not_thrown()
    {
        var logger = new ListLogger();
        var lifecycle = new StoreLifecycle(this, "test store");
        var maintenance = new StoreMaintenance("test", logger, lifecycle, _ => 0, () => 0, _ => 0);
        await lifecycle.StartAsync(() => { }, CancellationToken.None);
        await maintenance.StopLoopsAsync();

        await maintenance.RunOnShutdownAsync(() => throw new IOException("disk full"), "write the checkpoint");

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.StartsWith("cannot write the checkpoint on shutdown", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_now_waits_for_start_up_and_runs_the_work()
    {
        var lifecycle = new StoreLifecycle(this, "test store");
        var maintenance = new StoreMaintenance("test", NullLogger.Instance, lifecycle, _ => 0, () => 0, _ => 0);
        var ran = 0;
        Assert.Throws<InvalidOperationException>(() => maintenance.RunNow(() => ran++));
        await lifecycle.StartAsync(() => { }, CancellationToken.None);

        maintenance.RunNow(() => ran++);

        Assert.Equal(1, ran);
    }

    private static (StoreLifecycle, StoreMaintenance) Create(List<string> calls, bool cutFails = false)
    {
        var lifecycle = new StoreLifecycle(calls, "test store");
        var maintenance = new StoreMaintenance(
            "test",
            NullLogger.Instance,
            lifecycle,
            force =>
            {
                calls.Add($"cut force={force}");
                return cutFails ? throw new IOException("disk full") : 1;
            },
            () =>
            {
                calls.Add("compact");
                return 2;
            },
            now =>
            {
                calls.Add($"retention {now:yyyy-MM-dd}");
                return 3;
            });
        return (lifecycle, maintenance);
    }
}
