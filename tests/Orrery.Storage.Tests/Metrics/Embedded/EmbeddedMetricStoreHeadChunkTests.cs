using System.Globalization;
using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics;
using Orrery.Storage.Metrics.Embedded;
using static Orrery.Storage.Tests.Metrics.Embedded.MetricStoreFixture;

namespace Orrery.Storage.Tests.Metrics.Embedded;

/// <summary>Closed head chunks in <c>chunks_head/</c> segment files: what the store does with them across cuts and restarts.</summary>
public sealed class EmbeddedMetricStoreHeadChunkTests : IAsyncLifetime
{
    private const int SeriesCount = 40;
    private const long Step = 30_000;
    private const int PerHour = 120;

    /// <summary>Small segments, so a few hours of a few series fill many and cuts empty some.</summary>
    private readonly MetricStorageOptions _smallSegments = new() { RunBackgroundTasks = false, HeadChunkSegmentBytes = 4096 };

    private readonly MetricStoreFixture _fixture = new();

    private string ChunksDirectory => Path.Combine(_fixture.DataDirectory, "metrics", Tenant, HeadChunkFiles.DirectoryName);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Closed_chunks_go_to_segment_files_and_a_cut_deletes_the_segments_it_emptied()
    {
        var store = await _fixture.OpenAsync(_smallSegments);
        await WriteHoursAsync(store, hours: 6);
        var before = SegmentFiles();

        Assert.True(store.CutHeadsOnce() >= 1);

        var after = SegmentFiles();
        Assert.True(before.Length >= 3, $"{before.Length} segments before the cut");
        Assert.True(after.Length < before.Length, $"{after.Length} segments after the cut, {before.Length} before");
        AssertAllSamples(store, hours: 6);
    }

    [Fact]
    public async Task Queries_running_beside_cuts_that_delete_segments_see_every_sample()
    {
        var store = await _fixture.OpenAsync(_smallSegments);
        await WriteHoursAsync(store, hours: 8);
        using var stop = new CancellationTokenSource();
        var counts = new List<int>();
        // Each reader says when its first read is done, so the cut starts with both reading
        // (on a loaded machine the cut could otherwise end before a reader got going).
        using var reading = new SemaphoreSlim(0);
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var first = true;
            while (!stop.IsCancellationRequested)
            {
                var n = ReadAll(store, Name("m")).Count;
                lock (counts) counts.Add(n);
                if (first) reading.Release();
                first = false;
            }
        })).ToList();
        await reading.WaitAsync();
        await reading.WaitAsync();

        var cut = store.CutHeadsOnce();
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.True(cut >= 2);
        Assert.NotEmpty(counts);
        Assert.All(counts, n => Assert.Equal(SeriesCount * 8 * PerHour, n));
    }

    [Fact]
    public async Task Leftover_segments_of_a_killed_run_are_deleted_and_the_head_rebuilt_from_the_checkpoint_and_the_wal()
    {
        var store = await _fixture.OpenAsync(_smallSegments);
        await WriteHoursAsync(store, hours: 2);
        store.CheckpointOnce();
        await WriteHoursAsync(store, hours: 2, fromHour: 2);
        _fixture.Abandon(store);
        Assert.NotEmpty(SegmentFiles());
        // Junk where a segment of the last run was: never read, deleted at start.
        await File.WriteAllBytesAsync(Path.Combine(ChunksDirectory, "000001"), new byte[100]);
        await File.WriteAllBytesAsync(Path.Combine(ChunksDirectory, "999999"), [1, 2, 3]);

        store = await _fixture.OpenAsync(_smallSegments);

        Assert.DoesNotContain("999999", SegmentFiles());
        AssertAllSamples(store, hours: 4);
        // The restored chunks are in the new segments: a cut reads them into a block.
        Assert.True(store.CutHeadsOnce() >= 1);
        AssertAllSamples(store, hours: 4);
    }

    [Fact]
    public async Task A_graceful_stop_deletes_the_segments_and_a_restart_reads_the_checkpoint()
    {
        var store = await _fixture.OpenAsync(_smallSegments);
        await WriteHoursAsync(store, hours: 3);
        Assert.NotEmpty(SegmentFiles());

        await _fixture.CloseAsync(store);
        Assert.Empty(SegmentFiles());

        store = await _fixture.OpenAsync(_smallSegments);
        AssertAllSamples(store, hours: 3);
        Assert.NotEmpty(SegmentFiles());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task After_a_restart_a_resent_sample_in_a_closed_chunk_is_a_duplicate_and_another_value_a_conflict(bool outOfOrder)
    {
        var store = await _fixture.OpenAsync(_smallSegments);
        // 20 minutes at 1 s: chunks of 120 samples, so both timestamps are in closed chunks after the restart.
        await store.ConsumeAsync(Tenant, TestBatch.Range("m", T0, 1000, 1200));
        await _fixture.CloseAsync(store);
        store = await _fixture.OpenAsync(_smallSegments);
        var t = outOfOrder ? T0 + (1195 * 1000) : T0 + (1199 * 1000);
        var value = outOfOrder ? 1195.0 : 1199.0;

        var same = await store.ConsumeAsync(Tenant, TestBatch.One("m", t, value));
        var other = await store.ConsumeAsync(Tenant, TestBatch.One("m", t, value + 0.5));

        Assert.Equal(new MetricWriteResult(1, 0, 0, null) { BatchReleased = true }, same);
        Assert.Equal(1, other.RejectedSamples);
        Assert.Contains($"duplicate sample for timestamp: metric m, timestamp {t}", other.ErrorMessage);
        Assert.Equal(1200, Samples(store, "m").Count);
    }

    [Fact]
    public async Task Histogram_chunks_share_the_files_and_read_back()
    {
        var store = await _fixture.OpenAsync(_smallSegments);
        var b = new TestBatch();
        var s = b.Metric("h");
        for (var i = 0; i < 300; i++)
        {
            var row = new HistogramRow { Series = s, TimestampMs = T0 + (i * 1000), Count = i * 3, Sum = i * 1.5 };
            row.PositiveSpans = new Orrery.Signals.RowRange(b.Batch.BucketSpans.Count, 1);
            b.Batch.BucketSpans.Add(new BucketSpanRow { Offset = 0, Length = 2 });
            row.PositiveBuckets = new Orrery.Signals.RowRange(b.Batch.BucketCounts.Count, 2);
            b.Batch.BucketCounts.Add(i);
            b.Batch.BucketCounts.Add(i * 2);
            row.NegativeSpans = new Orrery.Signals.RowRange(b.Batch.BucketSpans.Count, 0);
            row.NegativeBuckets = new Orrery.Signals.RowRange(b.Batch.BucketCounts.Count, 0);
            b.Batch.Histograms.Add(row);
        }
        await store.ConsumeAsync(Tenant, b.Batch);

        var series = Assert.Single(store.Select(Tenant, Name("h"), long.MinValue, long.MaxValue, 10));
        var it = series.Iterator();
        var n = 0;
        while (it.Next() == SampleKind.Histogram)
        {
            Assert.Equal(n * 3, it.Histogram().Count);
            n++;
        }
        Assert.Equal(300, n);
        Assert.NotEmpty(SegmentFiles());
    }

    /// <summary>Every series gets a sample every 30 s (a chunk an hour) for each hour from <paramref name="fromHour"/>, value = the sample's index from T0.</summary>
    private static async Task WriteHoursAsync(EmbeddedMetricStore store, int hours, int fromHour = 0)
    {
        for (var h = fromHour; h < fromHour + hours; h++)
        {
            var b = new TestBatch();
            for (var s = 0; s < SeriesCount; s++)
            {
                var series = b.Metric("m", ("s", s.ToString(CultureInfo.InvariantCulture)));
                for (var i = 0; i < PerHour; i++) b.Batch.AddSample(series, T0 + (h * Hour) + (i * Step), (h * PerHour) + i);
            }
            var result = await store.ConsumeAsync(Tenant, b.Batch);
            Assert.Equal(SeriesCount * PerHour, result.AcceptedSamples);
        }
    }

    private static void AssertAllSamples(EmbeddedMetricStore store, int hours)
    {
        var all = ReadAll(store, Name("m"));
        Assert.Equal(SeriesCount * hours * PerHour, all.Count);
        Assert.All(all, x => Assert.Equal((x.T - T0) / Step, (long)x.V));
    }

    private string[] SegmentFiles() =>
        Directory.Exists(ChunksDirectory) ? Directory.GetFiles(ChunksDirectory).Select(f => Path.GetFileName(f)!).Order().ToArray() : [];
}
