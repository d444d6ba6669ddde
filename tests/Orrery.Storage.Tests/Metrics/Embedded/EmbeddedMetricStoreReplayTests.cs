using Orrery.Signals.Metrics;
using Orrery.Storage.Tests.Support;
using static Orrery.Storage.Tests.Metrics.Embedded.MetricStoreFixture;

namespace Orrery.Storage.Tests.Metrics.Embedded;

public sealed class EmbeddedMetricStoreReplayTests : IAsyncLifetime
{
    private readonly MetricStoreFixture _fixture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Everything_acknowledged_survives_an_unclean_stop()
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync(Tenant, TestBatch.Range("a", T0, 15_000, 250, ("job", "x")));
        await store.ConsumeAsync(Tenant, TestBatch.Range("b", T0, 15_000, 10));
        await store.ConsumeAsync(Tenant, TestBatch.One("a", T0 + (249 * 15_000) - 100, 42, ("job", "x")));
        _fixture.Abandon(store);

        var reopened = await _fixture.OpenAsync();

        var a = Samples(reopened, "a");
        Assert.Equal(251, a.Count);
        Assert.Contains((T0 + (249 * 15_000) - 100, 42.0), a);
        Assert.Equal(10, Samples(reopened, "b").Count);
    }

    [Fact]
    public async Task A_copy_of_the_directory_taken_while_open_replays()
    {
        var store = await _fixture.OpenAsync();
        for (var i = 0; i < 20; i++) await store.ConsumeAsync(Tenant, TestBatch.Range("m", T0 + (i * 60_000), 1000, 60, ("i", (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        using var copy = new TempDirectory();
        CopyDirectory(_fixture.DataDirectory, copy.Path);

        var fromCopy = await _fixture.OpenAsync(dataDirectory: copy.Path);

        Assert.Equal(3, fromCopy.Select(Tenant, Name("m"), long.MinValue, long.MaxValue, 10).Count);
        Assert.Equal(1200, ReadAll(fromCopy, Name("m")).Count);
        await _fixture.CloseAsync(fromCopy);
    }

    [Fact]
    public async Task A_restart_after_a_checkpoint_keeps_appending_to_the_same_series()
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync(Tenant, TestBatch.Range("m", T0, 1000, 150));
        await _fixture.CloseAsync(store);
        store = await _fixture.OpenAsync();

        var late = await store.ConsumeAsync(Tenant, TestBatch.One("m", T0 + 149_000, 149));
        var next = await store.ConsumeAsync(Tenant, TestBatch.One("m", T0 + 150_000, 150));
        _fixture.Abandon(store);
        store = await _fixture.OpenAsync();

        Assert.Equal(new MetricWriteResult(1, 0, 0, null) { BatchReleased = true }, late);
        Assert.Equal(new MetricWriteResult(1, 0, 0, null) { BatchReleased = true }, next);
        Assert.Equal(Enumerable.Range(0, 151).Select(i => (T0 + (i * 1000L), (double)i)), Samples(store, "m"));
        Assert.Equal(1, store.Status(Tenant, 10).NumSeries);
    }

    [Fact]
    public async Task Replay_makes_the_same_out_of_order_decisions()
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync(Tenant, TestBatch.One("m", T0 + Hour, 1));
        await store.ConsumeAsync(Tenant, TestBatch.One("m", T0 + Hour - Minute, 2));
        var rejected = await store.ConsumeAsync(Tenant, TestBatch.One("m", T0, 3));
        _fixture.Abandon(store);

        store = await _fixture.OpenAsync();

        Assert.Equal(1, rejected.RejectedSamples);
        Assert.Equal([(T0 + Hour - Minute, 2.0), (T0 + Hour, 1.0)], Samples(store, "m"));
    }

    [Fact]
    public async Task A_store_with_background_maintenance_stops_cleanly_and_keeps_its_data()
    {
        var store = await _fixture.OpenAsync(new() { RunBackgroundTasks = true });
        for (var h = 0; h < 5; h++) await store.ConsumeAsync(Tenant, TestBatch.Range("m", T0 + (h * Hour), Minute, 60));
        await _fixture.CloseAsync(store);

        store = await _fixture.OpenAsync();

        Assert.Equal(300, Samples(store, "m").Count);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file) == "LOCK") continue;
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }
}
