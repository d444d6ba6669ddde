using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;
using Orrery.Storage.Traces.Blocks;

namespace Orrery.Storage.Tests.Traces;

/// <summary>Fetching several traces at once (candidate traces of a search) answers as one FindTrace per trace does.</summary>
public sealed class FindTracesTests
{
    [Fact]
    public async Task Several_traces_over_blocks_and_the_head_come_back_as_FindTrace_gives_each()
    {
        await using var fx = new StoreFixture();
        var store = await fx.OpenAsync();
        var spans = new RandomSpans(21);
        var first = spans.NextBatch(50);
        var second = spans.NextBatch(50);
        // Small pages so that traces share pages and some are split over pages.
        TraceBlockWriter.Write(Path.Combine(fx.DataDirectory, "traces", "default", "blocks"), [first], 0, new BlockWriteOptions { PageSpans = 16 });
        await fx.CloseAsync(store);
        store = await fx.OpenAsync();
        await store.ConsumeAsync("default", second);
        // A trace in both the block and the head: the second batch repeats spans of the first's traces.
        var repeated = new SpanBatch();
        var copier = new SpanBatchCopier(repeated);
        for (var row = 0; row < 5; row++) copier.CopySpan(first, row);
        await store.ConsumeAsync("default", repeated);

        var ids = Enumerable.Range(0, first.Count).Where(i => i % 7 == 0).Select(i => first.Spans[i].TraceId)
            .Concat(Enumerable.Range(0, second.Count).Where(i => i % 9 == 0).Select(i => second.Spans[i].TraceId))
            .Append(new TraceId(1, 2))
            .ToList();
        var range = new TimeRange(RandomSpans.T0 + 100_000, RandomSpans.T0 + 900_000);

        foreach (var r in new[] { TimeRange.All, range })
        {
            var found = store.FindTraces("default", ids, r);
            foreach (var id in ids.Distinct())
            {
                var one = store.FindTrace("default", id, r);
                if (one is null)
                {
                    Assert.False(found.ContainsKey(id));
                    continue;
                }
                Assert.Equal(Describe(one), Describe(found[id]));
            }
        }
    }

    private static List<string> Describe(SpanBatch b) =>
        Enumerable.Range(0, b.Count)
            .Select(i => $"{b.Spans[i].TraceId} {b.Spans[i].SpanId} {b.Spans[i].StartUnixNano} {b.Spans[i].EndUnixNano} {b.String(b.Spans[i].Name)} {b.Spans[i].Attributes.Count} {b.String(b.ScopeOf(i).Name)}")
            .Order(StringComparer.Ordinal)
            .ToList();
}
