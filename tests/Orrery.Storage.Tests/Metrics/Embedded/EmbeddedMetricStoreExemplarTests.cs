using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics;
using static Orrery.Storage.Tests.Metrics.Embedded.MetricStoreFixture;

namespace Orrery.Storage.Tests.Metrics.Embedded;

public sealed class EmbeddedMetricStoreExemplarTests : IAsyncLifetime
{
    private readonly MetricStoreFixture _fixture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    private static MetricBatch WithExemplars(int count, string traceIdPrefix)
    {
        var b = new TestBatch();
        var s = b.Metric("req_duration_seconds_bucket", ("le", "0.5"));
        for (var i = 0; i < count; i++)
        {
            b.Batch.AddSample(s, T0 + (i * 1000), i);
            var start = b.Batch.Labels.Count;
            b.Batch.AddLabel("trace_id", traceIdPrefix + i);
            b.Batch.Exemplars.Add(new ExemplarRow { Series = s, TimestampMs = T0 + (i * 1000), Value = 0.25, Labels = new(start, 1) });
        }
        return b.Batch;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exemplars_survive_a_restart(bool graceful)
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync(Tenant, WithExemplars(3, "abc"));
        if (graceful) await _fixture.CloseAsync(store);
        else _fixture.Abandon(store);

        store = await _fixture.OpenAsync();

        var series = Assert.Single(store.Exemplars(Tenant, [Name("req_duration_seconds_bucket")], long.MinValue, long.MaxValue));
        Assert.Equal("0.5", series.SeriesLabels.Get("le"));
        Assert.Equal(["abc0", "abc1", "abc2"], series.Exemplars.Select(e => e.Labels.Get("trace_id")));
        Assert.Equal(T0 + 2000, series.Exemplars[^1].TimestampMs);
        Assert.Empty(store.Exemplars(Tenant, [Name("other")], long.MinValue, long.MaxValue));
        Assert.Single(Assert.Single(store.Exemplars(Tenant, [Name("req_duration_seconds_bucket")], T0 + 1500, T0 + 2500)).Exemplars);
    }

    [Fact]
    public async Task The_exemplar_buffer_is_bounded_and_keeps_the_newest()
    {
        var store = await _fixture.OpenAsync(new() { RunBackgroundTasks = false, MaxExemplars = 5 });

        await store.ConsumeAsync(Tenant, WithExemplars(8, "t"));

        var kept = Assert.Single(store.Exemplars(Tenant, [], long.MinValue, long.MaxValue)).Exemplars;
        Assert.Equal(["t3", "t4", "t5", "t6", "t7"], kept.Select(e => e.Labels.Get("trace_id")));
    }

    [Fact]
    public async Task Metadata_is_kept_per_family_and_survives_a_restart()
    {
        var store = await _fixture.OpenAsync();
        var b = new MetricBatch();
        b.Metadata.Add(new MetadataRow { MetricFamily = b.Bytes.Append("http_requests"), Type = MetricType.Counter, Help = b.Bytes.Append("Requests."), Unit = default });
        b.Metadata.Add(new MetadataRow { MetricFamily = b.Bytes.Append("temp"), Type = MetricType.Gauge, Help = b.Bytes.Append("Temperature."), Unit = b.Bytes.Append("celsius") });
        await store.ConsumeAsync(Tenant, b);
        _fixture.Abandon(store);

        store = await _fixture.OpenAsync();

        var all = store.Metadata(Tenant, null, 0);
        Assert.Equal(["http_requests", "temp"], all.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new MetricMetadata(MetricType.Gauge, "Temperature.", "celsius"), Assert.Single(store.Metadata(Tenant, "temp", 0)["temp"]));
        Assert.Single(store.Metadata(Tenant, null, 1));
    }

    [Fact]
    public async Task Status_reports_the_cardinality_view()
    {
        var store = await _fixture.OpenAsync();
        for (var i = 0; i < 3; i++) await store.ConsumeAsync(Tenant, TestBatch.One("a", T0, 1, ("pod", "p" + i)));
        await store.ConsumeAsync(Tenant, TestBatch.One("b", T0 + 5000, 1, ("pod", "p0")));

        var status = store.Status(Tenant, 10);

        Assert.Equal(4, status.NumSeries);
        Assert.Equal(KeyValuePair.Create("a", 3L), status.SeriesCountByMetricName[0]);
        Assert.Equal(KeyValuePair.Create("pod", 3L), status.LabelValueCountByLabelName[0]);
        Assert.Equal(KeyValuePair.Create("pod=p0", 2L), status.SeriesCountByLabelValuePair.First(p => p.Key.StartsWith("pod", StringComparison.Ordinal)));
        Assert.Equal(T0, status.MinTimeMs);
        Assert.Equal(T0 + 5000, status.MaxTimeMs);
        Assert.Equal(5, status.NumLabelPairs);
    }
}
