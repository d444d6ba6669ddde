using Orrery.Signals;
using Orrery.Storage.Logs;
using static Orrery.Storage.Tests.Logs.LogBatches;

namespace Orrery.Storage.Tests.Logs;

public sealed class EmbeddedLogStoreHeadTests : IAsyncLifetime
{
    private const long Second = 1_000_000_000;
    private readonly LogStoreFixture _fixture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Theory]
    [InlineData(LogDirection.Forward)]
    [InlineData(LogDirection.Backward)]
    public async Task Lines_come_back_in_the_requested_direction(LogDirection direction)
    {
        var store = await _fixture.OpenAsync();
        var result = await store.ConsumeAsync("default", Of(
            new TestLine("app=a", 3 * Second, "three", default, ("severity_text", "INFO")),
            new TestLine("app=a", 1 * Second, "one"),
            new TestLine("app=a", 2 * Second, "two"),
            new TestLine("app=b", 1 * Second, "other stream")));

        Assert.Equal(new LogWriteResultShape(4, 0), Shape(result));
        var lines = ReadAll(store.Select("default", Request("app=a", direction)));
        var expected = direction == LogDirection.Forward ? new[] { "one", "two", "three" } : ["three", "two", "one"];
        Assert.Equal(expected, lines.Select(l => l.Line));
        Assert.Equal("INFO", lines.Single(l => l.Line == "three").Metadata["severity_text"]);
    }

    [Fact]
    public async Task A_time_range_keeps_only_the_lines_inside_it_both_ends_included()
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync("default", Of(Enumerable.Range(1, 10).Select(i => new TestLine("app=a", i * Second, $"line {i}")).ToArray()));

        var lines = ReadAll(store.Select("default", Request("app=a", LogDirection.Forward, new TimeRange(3 * Second, 5 * Second))));

        Assert.Equal(["line 3", "line 4", "line 5"], lines.Select(l => l.Line));
    }

    [Theory]
    [InlineData("app=a", new[] { "a-prod", "a-dev", "a-none" })]
    [InlineData("app!=a", new[] { "b-prod" })]
    [InlineData("app=~a|b,env=prod", new[] { "a-prod", "b-prod" })]
    [InlineData("app=a,env!~pro.*", new[] { "a-dev", "a-none" })]
    [InlineData("app=a,env=", new[] { "a-none" })]
    [InlineData("app=~.+,env=~", new[] { "a-none" })]
    [InlineData("env!=", new[] { "a-prod", "a-dev", "b-prod" })]
    [InlineData("app=c", new string[0])]
    public async Task Selectors_follow_Prometheus_matcher_semantics(string selector, string[] expected)
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync("default", Of(
            new TestLine("app=a,env=prod", 1, "a-prod"),
            new TestLine("app=a,env=dev", 1, "a-dev"),
            new TestLine("app=a", 1, "a-none"),
            new TestLine("app=b,env=prod", 1, "b-prod")));

        var lines = ReadAll(store.Select("default", Request(selector)));

        Assert.Equal(expected.Order(), lines.Select(l => l.Line).Order());
    }

    [Fact]
    public async Task Out_of_order_lines_within_the_window_are_kept_sorted()
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync("default", Of(new TestLine("app=a", 3600 * Second, "newest")));
        var result = await store.ConsumeAsync("default", Of(
            new TestLine("app=a", 10 * Second, "late but inside the hour"),
            new TestLine("app=a", 1800 * Second, "half an hour late")));

        Assert.Equal(new LogWriteResultShape(2, 0), Shape(result));
        Assert.Equal(["late but inside the hour", "half an hour late", "newest"], ReadAll(store.Select("default", Request("app=a"))).Select(l => l.Line));
    }

    [Fact]
    public async Task Lines_beyond_the_window_are_rejected_and_the_rest_kept()
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync("default", Of(new TestLine("app=a", 7200 * Second, "newest")));
        var result = await store.ConsumeAsync("default", Of(
            new TestLine("app=a", 10 * Second, "two hours late"),
            new TestLine("app=b", 10 * Second, "another stream has its own window"),
            new TestLine("app=a", 7000 * Second, "a bit late")));

        Assert.Equal(new LogWriteResultShape(2, 1), Shape(result));
        Assert.StartsWith("1 line rejected: entry out of order beyond the 01:00:00 window", result.ErrorMessage);
        Assert.EndsWith("in stream {app=\"a\"}", result.ErrorMessage);
        Assert.Equal(["a bit late", "another stream has its own window", "newest"],
            ReadAll(store.Select("default", Request("app=~a|b"))).Select(l => l.Line).Order());
    }

    [Fact]
    public async Task Too_long_lines_are_rejected_with_a_clear_message()
    {
        var store = await _fixture.OpenAsync();
        var tooLong = new string('x', 300_000);

        var result = await store.ConsumeAsync("default", Of(
            new TestLine("service_name=x", 1, tooLong),
            new TestLine("service_name=x", 2, "fine"),
            new TestLine("service_name=x", 3, tooLong)));

        Assert.Equal(new LogWriteResultShape(1, 2), Shape(result));
        Assert.Equal("2 lines rejected: line too long (300000 > 262144 bytes) in stream {service_name=\"x\"}", result.ErrorMessage);
        Assert.Equal(["fine"], ReadAll(store.Select("default", Request("service_name=x"))).Select(l => l.Line));
    }

    [Fact]
    public async Task Streams_with_too_many_labels_or_invalid_names_are_rejected_whole()
    {
        var store = await _fixture.OpenAsync();
        var sixteen = string.Join(",", Enumerable.Range(0, 16).Select(i => $"l{i:D2}=v"));

        var result = await store.ConsumeAsync("default", Of(
            new TestLine(sixteen, 1, "too many"),
            new TestLine("bad-name=v", 1, "invalid"),
            new TestLine("app=ok", 1, "kept")));

        Assert.Equal(new LogWriteResultShape(1, 2), Shape(result));
        Assert.StartsWith("2 lines rejected: too many labels (16 > 15) in stream {l00=\"v\"", result.ErrorMessage);
        Assert.Contains("; invalid label name \"bad-name\" in stream {bad-name=\"v\"}", result.ErrorMessage);
        Assert.Equal(["kept"], ReadAll(store.Select("default", Request("app=~.+"))).Select(l => l.Line));
    }

    [Fact]
    public async Task A_retried_push_shows_each_line_once()
    {
        var store = await _fixture.OpenAsync();
        TestLine[] lines = [new("app=a", 1, "first"), new("app=a", 1, "same time, other line"), new("app=a", 2, "second")];
        await store.ConsumeAsync("default", Of(lines));
        await store.ConsumeAsync("default", Of(lines));

        Assert.Equal(["first", "same time, other line", "second"], ReadAll(store.Select("default", Request("app=a"))).Select(l => l.Line));
    }

    [Fact]
    public async Task Tenants_do_not_see_each_other()
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync("t1", Of(new TestLine("app=a", 1, "of t1")));
        await store.ConsumeAsync("t2", Of(new TestLine("app=a", 1, "of t2")));

        Assert.Equal(["of t1"], ReadAll(store.Select("t1", Request("app=a"))).Select(l => l.Line));
        Assert.Empty(store.LabelNames("t3", TimeRange.All));
    }

    [Fact]
    public async Task Label_names_values_series_and_stats_describe_the_streams_in_range()
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync("default", Of(
            new TestLine("app=a,env=prod", 10 * Second, "12345"),
            new TestLine("app=a,env=prod", 11 * Second, "123"),
            new TestLine("app=b,team=x", 50 * Second, "1")));
        var early = new TimeRange(0, 20 * Second);

        Assert.Equal(["app", "env", "team"], store.LabelNames("default", TimeRange.All));
        Assert.Equal(["app", "env"], store.LabelNames("default", early));
        Assert.Equal(["a", "b"], store.LabelValues("default", "app", TimeRange.All));
        Assert.Equal(["a"], store.LabelValues("default", "app", TimeRange.All, Matchers("env=prod")));
        Assert.Equal([Labels("app=b,team=x")], store.Series("default", [Matchers("team=x")], TimeRange.All));
        Assert.Equal(new LogIndexStats(1, 1, 2, 8), store.IndexStats("default", Matchers("app=a"), early));
    }

    private readonly record struct LogWriteResultShape(int Accepted, int Rejected);

    private static LogWriteResultShape Shape(Orrery.Signals.Logs.LogWriteResult r) => new(r.AcceptedLines, r.RejectedLines);
}
