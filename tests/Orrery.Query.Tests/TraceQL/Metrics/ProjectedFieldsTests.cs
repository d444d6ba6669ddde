using Orrery.Query.TraceQL.Metrics;
using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage;
using Orrery.Storage.Traces.Blocks;
using Orrery.Storage.Traces.Embedded;
using SpanFields = Orrery.Storage.Traces.SpanFields;

namespace Orrery.Query.Tests.TraceQL.Metrics;

/// <summary>
/// Metrics that ask storage for only the span fields they read give the same answers as reading
/// whole spans, over blocks of a real embedded store (in-memory readers ignore the projection).
/// </summary>
public sealed class ProjectedFieldsTests : IAsyncLifetime
{
    private const long T0 = RandomMetricSpans.Start;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orrery-projection-" + Guid.NewGuid().ToString("N"));
    private EmbeddedTraceStore? _store;

    public async Task InitializeAsync()
    {
        var blocks = Path.Combine(_directory, "traces", "t", "blocks");
        Directory.CreateDirectory(blocks);
        TraceBlockWriter.Write(blocks, [RandomMetricSpans.Batch(new Random(3), 300), RandomMetricSpans.Batch(new Random(4), 300)]);
        _store = new EmbeddedTraceStore(new StorageOptions { DataDirectory = _directory, RunBackgroundTasks = false });
        await _store.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("{ } | rate() by (resource.service.name)", SpanFields.Scope)]
    [InlineData("{ } | count_over_time() by (name, kind)", SpanFields.Name | SpanFields.KindAndStatus)]
    [InlineData("{ status = error } | count_over_time() by (resource.service.name)", SpanFields.KindAndStatus | SpanFields.Scope)]
    [InlineData("{ duration > 20ms && resource.service.instance.id != \"x\" } | quantile_over_time(duration, 0.5, 0.99) by (instrumentation:name)", SpanFields.Duration | SpanFields.Scope)]
    [InlineData("{ } | max_over_time(duration) by (status)", SpanFields.Duration | SpanFields.KindAndStatus)]
    [InlineData("{ span.http.method = \"GET\" } | rate()", SpanFields.All)]
    [InlineData("{ .service.name = \"x\" } | rate()", SpanFields.All)]
    [InlineData("{ } >> { } | rate()", SpanFields.All)]
    public void Narrowed_fields_give_the_answer_whole_spans_give(string query, SpanFields expected)
    {
        var parsed = MetricsQuery.Parse(query);
        Assert.Equal(expected, SpanFieldUse.Of(parsed.Spansets, parsed.Aggregate));

        var narrow = new TraceQLMetricsEngine(_store!).QueryRange("t", query, T0 - 1_000_000_000, T0 + 60_000_000_000, 1_000_000_000);
        var whole = new TraceQLMetricsEngine(_store!, new MetricsLimits { DecodeOnlyUsedFields = false })
            .QueryRange("t", query, T0 - 1_000_000_000, T0 + 60_000_000_000, 1_000_000_000);

        Assert.Equal(RandomMetricSpans.Text(whole), RandomMetricSpans.Text(narrow));
        Assert.Equal(whole.InspectedSpans, narrow.InspectedSpans);
    }
}
