using Microsoft.Extensions.Logging.Abstractions;
using Orrery.Storage.Embedded;

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
