using System.Security.Cryptography;
using System.Text;
using Orrery.Pipeline.Components;
using Orrery.Pipeline.Processors;

namespace Orrery.Pipeline.Tests.Processors;

public class AttributesProcessorTests
{
    public static TheoryData<string, string[]> Actions => new()
    {
        { "{ key: env, value: prod, action: insert }", ["http.target=/orders/42", "http.status_code=200", "env=prod"] },
        { "{ key: http.target, value: x, action: insert }", ["http.target=/orders/42", "http.status_code=200"] },
        { "{ key: http.target, value: /x, action: update }", ["http.target=/x", "http.status_code=200"] },
        { "{ key: env, value: prod, action: update }", ["http.target=/orders/42", "http.status_code=200"] },
        { "{ key: http.target, value: /x, action: upsert }", ["http.target=/x", "http.status_code=200"] },
        { "{ key: route, from_attribute: http.target, action: upsert }", ["http.target=/orders/42", "http.status_code=200", "route=/orders/42"] },
        { "{ key: route, from_attribute: nope, action: upsert }", ["http.target=/orders/42", "http.status_code=200"] },
        { "{ key: http.target, action: delete }", ["http.status_code=200"] },
        { "{ pattern: '^http\\.', action: delete }", [] },
        { "{ key: absent, action: delete }", ["http.target=/orders/42", "http.status_code=200"] },
        { "{ key: http.status_code, converted_type: string, action: convert }", ["http.target=/orders/42", "http.status_code=200"] },
        { "{ key: http.target, pattern: '^/(?P<resource>[a-z]+)/(?<id>\\d+)$', action: extract }", ["http.target=/orders/42", "http.status_code=200", "resource=orders", "id=42"] },
        { "{ key: http.target, pattern: '^/(?<nomatch>zzz)', action: extract }", ["http.target=/orders/42", "http.status_code=200"] },
    };

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task Actions_edit_span_attributes(string action, string[] expected)
    {
        var batch = await Run($"actions:\n  - {action}\n");

        Assert.Equal(expected, Batches.SpanAttributes(batch, 0));
        // The second span is edited on its own.
        Assert.Equal(["other=1"], Batches.SpanAttributes(batch, 1).Where(a => a.StartsWith("other", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Hash_replaces_the_value_with_its_sha256_hex()
    {
        var batch = await Run("actions:\n  - { key: http.target, action: hash }\n");

        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("/orders/42")));
        Assert.Equal(expected, Batches.SpanAttribute(batch, 0, "http.target"));
    }

    [Theory]
    [InlineData("http.status_code", "string", "200")]
    [InlineData("http.status_code", "double", 200.0)]
    [InlineData("http.status_code", "bool", true)]
    [InlineData("s", "int", 12L)]
    [InlineData("s", "double", 12.0)]
    [InlineData("f", "int", 2L)]
    [InlineData("word", "int", "abc")]
    public async Task Convert_changes_types_and_leaves_what_does_not_convert(string key, string type, object expected)
    {
        var batch = new SpanBatchBuilder().Span("a", attributes: [("http.status_code", 200L), ("s", "12"), ("f", 2.9), ("word", "abc")]).Build();
        var next = new RecordingTraces();

        await new AttributesProcessorFactory().CreateTraces(TestContext.Settings("attributes", $"actions:\n  - {{ key: {key}, converted_type: {type}, action: convert }}\n"), next, TestContext.Create())
            .ConsumeAsync("t", batch);

        Assert.Equal(expected, Batches.SpanAttribute(next.Received[0].Batch, 0, key));
    }

    [Fact]
    public async Task Literal_values_take_the_type_yaml_gives_them()
    {
        var batch = await Run("actions:\n  - { key: i, value: 5, action: insert }\n  - { key: s, value: '5', action: insert }\n  - { key: b, value: true, action: insert }\n  - { key: d, value: 1.5, action: insert }\n");

        Assert.Equal(5L, Batches.SpanAttribute(batch, 0, "i"));
        Assert.Equal("5", Batches.SpanAttribute(batch, 0, "s"));
        Assert.Equal(true, Batches.SpanAttribute(batch, 0, "b"));
        Assert.Equal(1.5, Batches.SpanAttribute(batch, 0, "d"));
    }

    [Fact]
    public async Task Resource_processor_edits_resource_attributes()
    {
        var next = new RecordingTraces();
        var batch = new SpanBatchBuilder().Resource(("service.name", "a"), ("host.name", "h1")).Span("x").Build();

        await new ResourceProcessorFactory().CreateTraces(
            TestContext.Settings("resource", "actions:\n  - { key: deployment.environment, value: prod, action: upsert }\n  - { key: host.name, action: delete }\n"),
            next,
            TestContext.Create()).ConsumeAsync("t", batch);

        var result = next.Received[0].Batch;
        var r = result.Resources[0].Attributes;
        var attributes = Enumerable.Range(r.Start, r.Count).Select(i => result.String(result.ResourceAttributes[i].Key) + "=" + result.String(result.ResourceAttributes[i].Value.Bytes));
        Assert.Equal(["service.name=a", "deployment.environment=prod"], attributes);
    }

    [Fact]
    public async Task On_metrics_attributes_are_series_labels_kept_sorted()
    {
        var next = new RecordingMetrics();
        await new AttributesProcessorFactory().CreateMetrics(
            TestContext.Settings("attributes", "actions:\n  - { key: aaa, value: first, action: insert }\n  - { key: path, action: delete }\n"),
            next,
            TestContext.Create()).ConsumeAsync("t", Batches.Metrics(("m", [("path", "/x"), ("zone", "z")], [1])));

        var batch = next.Received[0].Batch;
        Assert.Equal(["__name__", "aaa", "zone"], batch.LabelsOf(0).ToArray().Select(l => batch.String(l.Name)));
    }

    [Theory]
    [InlineData("actions:\n  - { key: a, action: shout }\n", 2, "unknown action")]
    [InlineData("actions:\n  - { key: a, action: insert }\n", 2, "exactly one of 'value' and 'from_attribute'")]
    [InlineData("actions:\n  - { key: a, action: extract, pattern: 'abc' }\n", 2, "no named groups")]
    [InlineData("actions:\n  - { key: a, action: convert, converted_type: float }\n", 2, "converted_type")]
    [InlineData("actions: []\n", 1, "at least one action")]
    [InlineData("include: { services: [a] }\nactions:\n  - { key: a, action: delete }\n", 1, "not supported")]
    public void Bad_actions_are_refused_with_their_line(string yaml, int line, string reason)
    {
        var e = Assert.Throws<PipelineConfigException>(() => new AttributesProcessorFactory().Validate(TestContext.Settings("attributes", yaml)));

        Assert.Equal(line, e.Line);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    private static async Task<Orrery.Signals.Traces.SpanBatch> Run(string yaml)
    {
        var next = new RecordingTraces();
        var batch = new SpanBatchBuilder()
            .Span("a", attributes: [("http.target", "/orders/42"), ("http.status_code", 200L)])
            .Span("b", attributes: [("other", 1L)])
            .Build();
        await new AttributesProcessorFactory().CreateTraces(TestContext.Settings("attributes", yaml), next, TestContext.Create()).ConsumeAsync("t", batch);
        return next.Received[0].Batch;
    }
}
