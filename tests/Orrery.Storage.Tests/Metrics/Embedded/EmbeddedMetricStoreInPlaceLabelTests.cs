using Orrery.Signals.Metrics;
using static Orrery.Storage.Tests.Metrics.Embedded.MetricStoreFixture;

namespace Orrery.Storage.Tests.Metrics.Embedded;

/// <summary>
/// Batches as the remote-write handler now builds them: label bytes left inside the decoded
/// request in the arena (so between other bytes, at any offset), ASCII and not. They must find
/// the same series as before and after an unclean stop, and replay to the same samples.
/// </summary>
public sealed class EmbeddedMetricStoreInPlaceLabelTests : IAsyncLifetime
{
    private readonly MetricStoreFixture _fixture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Theory]
    [InlineData("ascii-value")]
    [InlineData("zürich ✓")]
    [InlineData("日本")]
    public async Task Series_with_labels_inside_a_payload_survive_an_unclean_stop_and_are_found_again(string value)
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync(Tenant, PayloadLikeBatch(value, T0, 1));
        await store.ConsumeAsync(Tenant, PayloadLikeBatch(value, T0 + 15_000, 2));
        _fixture.Abandon(store);

        var reopened = await _fixture.OpenAsync();
        var result = await reopened.ConsumeAsync(Tenant, PayloadLikeBatch(value, T0 + 30_000, 3));

        Assert.Equal(1, result.AcceptedSamples);
        var stored = ReadAll(reopened, [Eq("__name__", "up")]);
        Assert.Equal([(T0, 1.0), (T0 + 15_000, 2.0), (T0 + 30_000, 3.0)], stored.Select(s => (s.T, s.V)));
        Assert.Single(stored.Select(s => s.Labels.ToString()).Distinct());
        Assert.Equal(value, stored[0].Labels.Get("site"));
    }

    [Fact]
    public async Task A_value_that_differs_only_beyond_ascii_is_another_series()
    {
        var store = await _fixture.OpenAsync();

        await store.ConsumeAsync(Tenant, PayloadLikeBatch("zurich", T0, 1));
        await store.ConsumeAsync(Tenant, PayloadLikeBatch("zürich", T0, 2));

        var stored = ReadAll(store, [Eq("__name__", "up")]);
        Assert.Equal(["zurich", "zürich"], stored.Select(s => s.Labels.Get("site")).Order(StringComparer.Ordinal));
    }

    /// <summary>A one-sample batch of <c>up{job="node", site=value}</c> whose label bytes lie among unrelated bytes.</summary>
    private static MetricBatch PayloadLikeBatch(string site, long t, double v)
    {
        var batch = new MetricBatch();
        var bytes = batch.Bytes;
        bytes.Append("\x0a\x2f\x0a\x0c"u8);
        var name = bytes.Append("__name__");
        bytes.Append("\x12\x02"u8);
        var up = bytes.Append("up");
        bytes.Append("\x0a\x09job-ish"u8);
        var job = bytes.Append("job");
        var node = bytes.Append("node");
        bytes.Append("\x09\x00\x00\x00"u8);
        var siteName = bytes.Append("site");
        var siteValue = bytes.Append(site);
        batch.BeginSeries();
        batch.AddLabel(siteName, siteValue);
        batch.AddLabel(job, node);
        batch.AddLabel(name, up);
        var series = batch.EndSeries(out _);
        batch.AddSample(series, t, v);
        return batch;
    }
}
