using System.Diagnostics.Metrics;
using Orrery.Storage.Metrics.Embedded;
using static Orrery.Storage.Tests.Metrics.Embedded.MetricStoreFixture;

namespace Orrery.Storage.Tests.Metrics.Embedded;

public sealed class EmbeddedMetricStoreLimitTests : IAsyncLifetime
{
    private readonly MetricStoreFixture _fixture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    public static TheoryData<CardinalityLimits, (string, string)[], string> Violations => new()
    {
        { new CardinalityLimits { MaxActiveSeries = 2 }, [("i", "new")], "limit of 2 active series" },
        { new CardinalityLimits { MaxSeriesPerMetric = 2 }, [("i", "new")], "limit of 2 series per metric" },
        { new CardinalityLimits { MaxLabelNamesPerSeries = 3 }, [("i", "new"), ("x", "1"), ("y", "2")], "limit of 3 label names per series" },
        { new CardinalityLimits { MaxLabelNameLength = 8 }, [("a_very_long_name", "v")], "label name longer than the limit of 8 bytes" },
        { new CardinalityLimits { MaxLabelValueLength = 8 }, [("i", "a-very-long-value")], "longer than the limit of 8 bytes" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task A_limit_refuses_only_the_offending_new_series(CardinalityLimits limits, (string, string)[] labels, string expected)
    {
        var store = await _fixture.OpenAsync(new() { RunBackgroundTasks = false, Limits = limits });
        await store.ConsumeAsync(Tenant, TestBatch.One("m", T0, 1, ("i", "1")));
        await store.ConsumeAsync(Tenant, TestBatch.One("m", T0, 1, ("i", "2")));
        var b = new TestBatch();
        b.Samples(b.Metric("m", ("i", "1")), (T0 + 1000, 2));
        b.Samples(b.Metric("m", labels), (T0 + 1000, 5), (T0 + 2000, 6));
        b.Samples(b.Metric("m", ("i", "2")), (T0 + 1000, 3));

        var result = await store.ConsumeAsync(Tenant, b.Batch);

        Assert.Equal(2, result.AcceptedSamples);
        Assert.Equal(2, result.RejectedSamples);
        Assert.Contains(expected, result.ErrorMessage);
        Assert.Contains("metric m", result.ErrorMessage);
        Assert.Equal(2, store.Status(Tenant, 10).NumSeries);
        Assert.Equal(4, ReadAll(store, Name("m")).Count);
    }

    [Fact]
    public async Task Refusals_are_counted_on_the_storage_meter()
    {
        long refused = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Orrery.Storage.Metrics" && instrument.Name == "orrery_tsdb_series_refused") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref refused, value));
        listener.Start();
        var store = await _fixture.OpenAsync(new() { RunBackgroundTasks = false, Limits = new CardinalityLimits { MaxActiveSeries = 1 } });
        await store.ConsumeAsync(Tenant, TestBatch.One("m", T0, 1, ("i", "1")));

        await store.ConsumeAsync(Tenant, TestBatch.One("m", T0, 1, ("i", "2")));

        Assert.True(Interlocked.Read(ref refused) >= 1);
    }
}
