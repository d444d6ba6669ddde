using Microsoft.Extensions.Logging.Abstractions;
using Orrery.Storage.Embedded;

namespace Orrery.Storage.Tests.Embedded;

public class StoreLifecycleTests
{
    [Fact]
    public async Task Start_up_runs_once_and_the_store_is_ready_after_it()
    {
        var lifecycle = new StoreLifecycle(this, "test store");
        var starts = 0;

        var first = lifecycle.StartAsync(() => Interlocked.Increment(ref starts), CancellationToken.None);
        var second = lifecycle.StartAsync(() => Interlocked.Increment(ref starts), CancellationToken.None);
        await lifecycle.WaitReadyAsync();

        Assert.Same(first, second);
        Assert.Equal(1, starts);
        Assert.True(lifecycle.IsReady);
    }

    [Fact]
    public void Using_a_store_never_started_names_the_store()
    {
        var lifecycle = new StoreLifecycle(this, "test store");

        var error = Assert.Throws<InvalidOperationException>(lifecycle.WaitReady);

        Assert.Contains("test store is not started", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_shuts_down_a_started_store_once_and_refuses_use_after()
    {
        var lifecycle = new StoreLifecycle(this, "test store");
        await lifecycle.StartAsync(() => { }, CancellationToken.None);

        Assert.True(await lifecycle.BeginDisposeAsync(NullLogger.Instance));
        Assert.False(await lifecycle.BeginDisposeAsync(NullLogger.Instance));
        // Writes wait through WaitReadyAsync and are refused; WaitReady, once ready, stays a free check for reads.
        Assert.Throws<ObjectDisposedException>(() => { _ = lifecycle.WaitReadyAsync(); });
        // Thrown at the call, not by the task: a disposed store never starts anything.
        Assert.Throws<ObjectDisposedException>(() => { _ = lifecycle.StartAsync(() => { }, CancellationToken.None); });
    }

    [Fact]
    public async Task A_store_whose_start_up_failed_has_nothing_to_shut_down()
    {
        var lifecycle = new StoreLifecycle(this, "test store");
        var start = lifecycle.StartAsync(() => throw new IOException("disk gone"), CancellationToken.None);
        await Assert.ThrowsAsync<IOException>(() => start);

        Assert.False(lifecycle.IsReady);
        Assert.False(await lifecycle.BeginDisposeAsync(NullLogger.Instance));
    }

    [Fact]
    public async Task A_store_never_started_has_nothing_to_shut_down() =>
        Assert.False(await new StoreLifecycle(this, "test store").BeginDisposeAsync(NullLogger.Instance));

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    public void A_bad_tenant_id_is_an_argument_error(string tenant) =>
        Assert.Throws<ArgumentException>(() => StoreLifecycle.ValidateTenant(tenant));
}
