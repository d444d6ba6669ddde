using Orrery.Pipeline.Components;
using Orrery.Pipeline.Processors;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Tests.Processors;

public class FilterProcessorTests
{
    public static TheoryData<string, bool> SpanConditions => new()
    {
        // the seed case: health checks
        { """attributes["http.target"] =~ "^/health.*" """, true },
        { """IsMatch(attributes["http.target"], "^/health")""", true },
        { """attributes["http.target"] !~ "^/health" """, false },
        { """attributes["http.target"] == "/healthz" """, true },
        { """attributes["http.target"] == "/health" """, false },
        { """attributes["http.target"] != "/healthz" """, false },
        { """attributes["missing"] == nil""", true },
        { """attributes["missing"] != nil""", false },
        { """attributes["missing"] =~ ".*" """, false },
        { """name == "GET /healthz" """, true },
        { """kind == SPAN_KIND_SERVER""", true },
        { """kind == SPAN_KIND_CLIENT""", false },
        { """status.code == STATUS_CODE_ERROR""", true },
        { """status.code != STATUS_CODE_OK""", true },
        { """resource.attributes["service.name"] == "frontend" """, true },
        { """resource.attributes["service.name"] =~ "^back" """, false },
        { """instrumentation_scope.name == "test-scope" """, true },
        // numbers: exact boundaries
        { """attributes["http.status_code"] >= 500""", true },
        { """attributes["http.status_code"] > 500""", false },
        { """attributes["http.status_code"] <= 500""", true },
        { """attributes["http.status_code"] < 500""", false },
        { """attributes["http.status_code"] == 500.0""", true },
        { """attributes["http.status_code"] == "500" """, false },
        { """attributes["http.status_code"] =~ "^5" """, true },
        { """attributes["sampled"] == true""", true },
        // boolean structure
        { """kind == SPAN_KIND_SERVER and name == "other" """, false },
        { """kind == SPAN_KIND_CLIENT or name == "GET /healthz" """, true },
        { """not (kind == SPAN_KIND_CLIENT)""", true },
        { """not kind == SPAN_KIND_SERVER and true""", false },
        { """false""", false },
    };

    [Theory]
    [MemberData(nameof(SpanConditions))]
    public async Task Span_conditions_drop_what_they_match(string condition, bool dropped)
    {
        var next = new RecordingTraces();
        var filter = Create($"traces:\n  span:\n    - '{condition.Trim().Replace("'", "''")}'\n", next);

        await filter.ConsumeAsync("t", new SpanBatchBuilder()
            .Resource(("service.name", "frontend"))
            .Span("GET /healthz", SpanKind.Server, StatusCode.Error, [("http.target", "/healthz"), ("http.status_code", 500L), ("sampled", true)])
            .Span("keep-me", SpanKind.Client, StatusCode.Ok)
            .Build());

        // Conditions matching both spans leave nothing to pass on.
        var names = next.Received.Count == 0 ? [] : Batches.SpanNames(Assert.Single(next.Received).Batch);
        Assert.Equal(dropped, !names.Contains("GET /healthz"));
    }

    [Fact]
    public async Task Dropping_spans_keeps_the_others_with_their_attributes_and_resource()
    {
        var next = new RecordingTraces();
        var filter = Create("traces:\n  span: ['attributes[\"http.target\"] =~ \"^/health\"']\n", next);
        var batch = new SpanBatchBuilder()
            .Resource(("service.name", "a"))
            .Span("health", attributes: [("http.target", "/health")])
            .Span("orders", attributes: [("http.target", "/orders"), ("user", "u1")], events: ["e1"])
            .Build();

        await filter.ConsumeAsync("t", batch);

        var kept = Assert.Single(next.Received).Batch;
        Assert.Equal(["orders"], Batches.SpanNames(kept));
        Assert.Equal(["http.target=/orders", "user=u1"], Batches.SpanAttributes(kept, 0));
        Assert.Equal("a", System.Text.Encoding.UTF8.GetString(kept.ServiceName(0)));
        Assert.Equal("e1", kept.String(kept.Events[kept.Spans[0].Events.Start].Name));
    }

    [Fact]
    public async Task A_batch_with_every_span_dropped_is_not_passed_on_and_completes()
    {
        var next = new RecordingTraces();
        var filter = Create("traces:\n  span: ['true']\n", next);

        await filter.ConsumeAsync("t", new SpanBatchBuilder().Span("a").Span("b").Build());

        Assert.Empty(next.Received);
    }

    [Fact]
    public async Task An_empty_batch_is_passed_on_unchanged()
    {
        var next = new RecordingTraces();
        var filter = Create("traces:\n  span: ['true']\n", next);
        var empty = new SpanBatch();

        await filter.ConsumeAsync("t", empty);

        Assert.Same(empty, Assert.Single(next.Received).Batch);
    }

    [Fact]
    public async Task Span_events_are_dropped_by_name_and_the_span_kept()
    {
        var next = new RecordingTraces();
        var filter = Create("traces:\n  spanevent: ['name == \"debug\"', 'span.name == \"x\" and name == \"y\"']\n", next);

        await filter.ConsumeAsync("t", new SpanBatchBuilder().Span("s", events: ["debug", "exception", "debug"]).Span("x", events: ["y", "z"]).Build());

        var batch = Assert.Single(next.Received).Batch;
        string[] Events(int span) => Enumerable.Range(batch.Spans[span].Events.Start, batch.Spans[span].Events.Count).Select(e => batch.String(batch.Events[e].Name)).ToArray();
        Assert.Equal(["exception"], Events(0));
        Assert.Equal(["z"], Events(1));
    }

    [Fact]
    public async Task Metrics_are_dropped_by_name_and_data_points_by_label_and_value()
    {
        var next = new RecordingMetrics();
        var filter = new FilterProcessorFactory().CreateMetrics(
            TestContext.Settings("filter", "metrics:\n  metric: ['name == \"go_gc\"']\n  datapoint: ['attributes[\"path\"] =~ \"^/health\"', 'value > 100']\n"),
            next,
            TestContext.Create());
        var batch = Batches.Metrics(
            ("go_gc", [], [1, 2]),
            ("http_requests", [("path", "/healthz")], [3]),
            ("http_requests", [("path", "/orders")], [4, 100, 101]));

        var result = await filter.ConsumeAsync("t", batch);

        var kept = Assert.Single(next.Received).Batch;
        Assert.Equal([4.0, 100.0], kept.Samples.AsSpan().ToArray().Select(s => s.Value));
        Assert.Equal(1, kept.Series.Count);
        Assert.Equal("/orders", System.Text.Encoding.UTF8.GetString(kept.LabelValue(0, "path"u8)));
        Assert.Equal(0, result.RejectedSamples);
        Assert.Equal(6, result.AcceptedSamples);
    }

    [Theory]
    [InlineData("severity_number < SEVERITY_NUMBER_INFO", new[] { "info", "warn" })]
    [InlineData("severity_number <= SEVERITY_NUMBER_INFO", new[] { "warn" })]
    [InlineData("severity_text == \"DEBUG\"", new[] { "info", "warn" })]
    [InlineData("IsMatch(body, \"^w\")", new[] { "debug", "info" })]
    [InlineData("attributes[\"user\"] == \"bob\"", new[] { "debug", "warn" })]
    [InlineData("resource.attributes[\"service_name\"] == \"svc\"", new string[0])]
    public async Task Log_records_are_dropped_by_severity_body_and_attributes(string condition, string[] kept)
    {
        var next = new RecordingLogs();
        var filter = new FilterProcessorFactory().CreateLogs(
            TestContext.Settings("filter", $"logs:\n  log_record: ['{condition.Replace("'", "''")}']\n"),
            next,
            TestContext.Create());

        var result = await filter.ConsumeAsync("t", Batches.Logs(("debug", 5, []), ("info", 9, [("user", "bob")]), ("warn", 13, [])));

        var lines = next.Received.Count == 0 ? [] : Enumerable.Range(0, next.Received[0].Batch.Count).Select(i => next.Received[0].Batch.String(next.Received[0].Batch.Records[i].Line)).ToArray();
        Assert.Equal(kept, lines);
        Assert.Equal(0, result.RejectedLines);
    }

    [Theory]
    [InlineData("attributes[\"a\"] = \"b\"", "expected a comparison operator")]
    [InlineData("attributes[\"a\"] == ", "expected a value")]
    [InlineData("severity_number == 1", "is not a field of span conditions")]
    [InlineData("IsMatch(name, \"(\")", "invalid regular expression")]
    [InlineData("name == \"a\" extra", "unexpected")]
    [InlineData("name == SPAN_KIND_NOPE", "unknown value")]
    public void Bad_conditions_fail_validation_with_the_line(string condition, string reason)
    {
        var settings = TestContext.Settings("filter", $"traces:\n  span:\n    - 'name == \"ok\"'\n    - '{condition.Replace("'", "''")}'\n");

        var e = Assert.Throws<PipelineConfigException>(() => new FilterProcessorFactory().Validate(settings));

        Assert.Equal(4, e.Line);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    private static ITraceConsumer Create(string yaml, ITraceConsumer next) =>
        new FilterProcessorFactory().CreateTraces(TestContext.Settings("filter", yaml), next, TestContext.Create());
}
