using Orrery.Signals.Labels;
using static Orrery.Storage.Tests.Metrics.Embedded.MetricStoreFixture;
using MatchType = Orrery.Signals.Labels.MatchType;

namespace Orrery.Storage.Tests.Metrics.Embedded;

public sealed class EmbeddedMetricStoreMatcherTests : IAsyncLifetime
{
    private readonly MetricStoreFixture _fixture = new();

    public async Task InitializeAsync()
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync(Tenant, TestBatch.One("m", T0, 1, ("env", "prod"), ("id", "1")));
        await store.ConsumeAsync(Tenant, TestBatch.One("m", T0, 2, ("env", "dev"), ("id", "2")));
        await store.ConsumeAsync(Tenant, TestBatch.One("m", T0, 3, ("id", "3")));
        await store.ConsumeAsync(Tenant, TestBatch.One("other", T0, 4, ("env", "prod"), ("id", "4")));
        // Closed and reopened by each test: the index must come back from the checkpoint as it was.
        await _fixture.CloseAsync(store);
    }

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Theory]
    [InlineData(MatchType.Equal, "env", "prod", "1,4")]
    [InlineData(MatchType.Equal, "env", "", "3")]
    [InlineData(MatchType.Equal, "missing", "", "1,2,3,4")]
    [InlineData(MatchType.Equal, "missing", "x", "")]
    [InlineData(MatchType.NotEqual, "env", "prod", "2,3")]
    [InlineData(MatchType.NotEqual, "env", "", "1,2,4")]
    [InlineData(MatchType.Regex, "env", "p.*", "1,4")]
    [InlineData(MatchType.Regex, "env", "prod|", "1,3,4")]
    [InlineData(MatchType.Regex, "env", ".*", "1,2,3,4")]
    [InlineData(MatchType.Regex, "env", ".+", "1,2,4")]
    [InlineData(MatchType.Regex, "env", "ro", "")]
    [InlineData(MatchType.NotRegex, "env", "p.*", "2,3")]
    [InlineData(MatchType.NotRegex, "env", ".+", "3")]
    [InlineData(MatchType.NotRegex, "env", "", "1,2,4")]
    public async Task Matchers_follow_Prometheus_semantics(MatchType type, string name, string value, string expectedIds)
    {
        var store = await _fixture.OpenAsync();

        var ids = store.Select(Tenant, [new LabelMatcher(type, name, value)], long.MinValue, long.MaxValue, 100)
            .Select(s => s.Labels.Get("id")).Order(StringComparer.Ordinal);

        Assert.Equal(expectedIds, string.Join(",", ids));
    }

    [Fact]
    public async Task Matchers_combine_as_an_intersection()
    {
        var store = await _fixture.OpenAsync();

        var selected = store.Select(Tenant, [Eq("__name__", "m"), new LabelMatcher(MatchType.NotEqual, "env", "dev")], long.MinValue, long.MaxValue, 100);

        Assert.Equal(["1", "3"], selected.Select(s => s.Labels.Get("id")));
    }

    [Fact]
    public async Task Label_names_values_and_series_honour_match_sets()
    {
        var store = await _fixture.OpenAsync();

        Assert.Equal(["__name__", "env", "id"], store.LabelNames(Tenant, [], long.MinValue, long.MaxValue, 0));
        Assert.Equal(["__name__", "id"], store.LabelNames(Tenant, [[Eq("id", "3")]], long.MinValue, long.MaxValue, 0));
        Assert.Equal(["dev", "prod"], store.LabelValues(Tenant, "env", [], long.MinValue, long.MaxValue, 0));
        Assert.Equal(["prod"], store.LabelValues(Tenant, "env", [[Eq("__name__", "other")]], long.MinValue, long.MaxValue, 0));
        Assert.Equal(["1", "4"], store.LabelValues(Tenant, "id", [[Eq("id", "1")], [Eq("id", "4")]], long.MinValue, long.MaxValue, 0));
        Assert.Equal(["1"], store.LabelValues(Tenant, "id", [[Eq("id", "1")], [Eq("id", "4")]], long.MinValue, long.MaxValue, 1));
        var series = store.Series(Tenant, [[Eq("env", "prod")]], long.MinValue, long.MaxValue, 0);
        Assert.Equal(["{__name__=\"m\", env=\"prod\", id=\"1\"}", "{__name__=\"other\", env=\"prod\", id=\"4\"}"], series.Select(s => s.ToString()));
        Assert.Empty(store.Series(Tenant, [[Eq("env", "prod")]], T0 + 1, long.MaxValue, 0));
    }
}
