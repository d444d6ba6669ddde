using static Orrery.Storage.Tests.Metrics.Embedded.MetricStoreFixture;

namespace Orrery.Storage.Tests.Metrics.Embedded;

public sealed class EmbeddedMetricStoreBlockTests : IAsyncLifetime
{
    private readonly MetricStoreFixture _fixture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    private string BlocksDirectory => Path.Combine(_fixture.DataDirectory, "metrics", Tenant, "blocks");

    private int BlockCount => Directory.Exists(BlocksDirectory) ? Directory.GetDirectories(BlocksDirectory).Length : 0;

    /// <summary>Two series sampled every minute for <paramref name="hours"/> hours, plus "late": an hour with one out-of-order sample.</summary>
    private static async Task IngestAsync(Orrery.Storage.Metrics.Embedded.EmbeddedMetricStore store, int hours)
    {
        await store.ConsumeAsync(Tenant, TestBatch.Range("late", T0, Minute, 60));
        await store.ConsumeAsync(Tenant, TestBatch.One("late", T0 + (55 * Minute) + 30_000, 0.5));
        for (var h = 0; h < hours; h++)
        {
            foreach (var pod in new[] { "a", "b" })
            {
                var batch = TestBatch.Range("m", T0 + (h * Hour), Minute, 60, ("pod", pod));
                await store.ConsumeAsync(Tenant, batch);
            }
        }
    }

    private static List<(long T, double V)> Expected(int hours) =>
        Enumerable.Range(0, hours).SelectMany(h => Enumerable.Range(0, 60).Select(i => (T0 + (h * Hour) + (i * Minute), (double)i))).ToList();

    [Fact]
    public async Task A_cut_writes_the_oldest_window_to_a_block_and_queries_span_head_and_block()
    {
        var store = await _fixture.OpenAsync();
        await IngestAsync(store, 4);

        var written = store.CutHeadsOnce();

        Assert.Equal(1, written);
        Assert.Equal(1, BlockCount);
        var pods = store.Select(Tenant, Name("m"), long.MinValue, long.MaxValue, 10);
        Assert.Equal(["a", "b"], pods.Select(s => s.Labels.Get("pod")));
        Assert.Equal(Expected(4), ReadAll(store, [Eq("__name__", "m"), Eq("pod", "a")]).Select(x => (x.T, x.V)));
        var late = Samples(store, "late");
        Assert.Equal(61, late.Count);
        Assert.Equal((T0 + (55 * Minute) + 30_000, 0.5), late[56]);
        // "late" lives only in the block now: the head dropped it, the index still finds it.
        Assert.Equal(2, store.Status(Tenant, 10).NumSeries);
        Assert.Equal(["late", "m"], store.LabelValues(Tenant, "__name__", [], long.MinValue, long.MaxValue, 0));
        Assert.Equal(["m"], store.LabelValues(Tenant, "__name__", [], T0 + (3 * Hour), T0 + (4 * Hour), 0));
    }

    [Fact]
    public async Task Data_cut_into_blocks_survives_restarts_once()
    {
        var store = await _fixture.OpenAsync();
        await IngestAsync(store, 4);
        store.CutHeadsOnce();
        await store.ConsumeAsync(Tenant, TestBatch.One("m", T0 + (4 * Hour), 60, ("pod", "a")));
        _fixture.Abandon(store);

        store = await _fixture.OpenAsync();

        Assert.Equal([.. Expected(4), (T0 + (4 * Hour), 60.0)], ReadAll(store, [Eq("__name__", "m"), Eq("pod", "a")]).Select(x => (x.T, x.V)));
        Assert.Equal(61, Samples(store, "late").Count);
    }

    [Fact]
    public async Task Compaction_merges_a_complete_window_and_keeps_every_sample_once()
    {
        var store = await _fixture.OpenAsync();
        await IngestAsync(store, 13);
        Assert.Equal(5, store.CutHeadsOnce());
        var before = ReadAll(store, Name("m"));

        var compacted = store.RunCompactionOnce();

        Assert.Equal(1, compacted);
        Assert.Equal(3, BlockCount);
        Assert.Equal(before, ReadAll(store, Name("m")));
        Assert.Equal(Expected(13), ReadAll(store, [Eq("__name__", "m"), Eq("pod", "b")]).Select(x => (x.T, x.V)));
        Assert.Equal(61, Samples(store, "late").Count);
        Assert.Equal(0, store.RunCompactionOnce());
    }

    [Fact]
    public async Task Retention_deletes_whole_blocks_older_than_the_period()
    {
        var store = await _fixture.OpenAsync();
        await IngestAsync(store, 13);
        store.CutHeadsOnce();
        var now = DateTimeOffset.FromUnixTimeMilliseconds(T0) + TimeSpan.FromDays(15) + TimeSpan.FromHours(5);

        var deleted = store.ApplyRetentionOnce(now);

        Assert.Equal(2, deleted);
        Assert.Equal(3, BlockCount);
        var a = ReadAll(store, [Eq("__name__", "m"), Eq("pod", "a")]);
        Assert.Equal(T0 + (4 * Hour), a[0].T);
        Assert.Empty(Samples(store, "late"));
    }
}
