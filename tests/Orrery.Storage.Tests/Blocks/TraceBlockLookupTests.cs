using Orrery.Signals;
using Orrery.Storage.Traces;
using Orrery.Storage.Traces.Blocks;

namespace Orrery.Storage.Tests.Blocks;

public sealed class TraceBlockLookupTests : IDisposable
{
    private readonly BlockTestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void FindTrace_returns_exactly_the_trace_spans()
    {
        var batch = HandBuiltBatch.Create();
        using var block = Write([batch]);

        var found = block.FindTrace(HandBuiltBatch.TraceA, TimeRange.All);

        Assert.NotNull(found);
        var expected = SpanText.All(batch).Where(s => s.StartsWith($"trace={HandBuiltBatch.TraceA}", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(expected, SpanText.All(found).Order(StringComparer.Ordinal));
        Assert.True(block.MayContain(HandBuiltBatch.TraceA));
    }

    [Fact]
    public void FindTrace_of_an_absent_id_is_null()
    {
        using var block = Write([HandBuiltBatch.Create()]);

        Assert.Null(block.FindTrace(HandBuiltBatch.TraceAbsent, TimeRange.All));
        Assert.Null(block.FindTrace(new TraceId(0, 1), TimeRange.All));
    }

    [Theory]
    [InlineData(0, long.MaxValue, 3)]
    [InlineData(HandBuiltBatch.T0, HandBuiltBatch.T0, 1)]
    [InlineData(HandBuiltBatch.T0 + 400, HandBuiltBatch.T0 + 1_000, 2)]
    [InlineData(HandBuiltBatch.T0 + 1, HandBuiltBatch.T0 + 499, 0)]
    [InlineData(HandBuiltBatch.T0 + 20_000_000, long.MaxValue, 0)]
    public void FindTrace_keeps_spans_starting_in_the_range(long from, long to, int expectedSpans)
    {
        using var block = Write([HandBuiltBatch.Create()]);

        var found = block.FindTrace(HandBuiltBatch.TraceA, new TimeRange(from, to));

        Assert.Equal(expectedSpans, found?.Count ?? 0);
    }

    [Fact]
    public void Every_trace_is_found_in_a_block_of_many_pages()
    {
        var generator = new RealisticSpans(seed: 3);
        var batches = new[] { generator.NextBatch(300), generator.NextBatch(300) };
        using var block = Write(batches, new BlockWriteOptions { PageSpans = 50 });

        Assert.True(block.PageCount >= 100, $"{block.PageCount} pages");
        var expected = batches.SelectMany(b => Enumerable.Range(0, b.Count).Select(i => (b.Spans[i].TraceId, Text: SpanText.Of(b, i))))
            .GroupBy(x => x.TraceId).ToList();
        foreach (var trace in expected)
        {
            var found = block.FindTrace(trace.Key, TimeRange.All);
            Assert.NotNull(found);
            Assert.Equal(trace.Select(x => x.Text).Order(StringComparer.Ordinal), SpanText.All(found).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void A_trace_too_large_for_one_page_is_split_and_still_found_whole()
    {
        var b = new Orrery.Signals.Traces.SpanBatch();
        var resource = HandBuiltBatch.AddResource(b, "big");
        var scope = HandBuiltBatch.AddScope(b, resource, "lib", "1");
        var big = TraceId.ParseHex("5");
        for (var i = 0; i < 100; i++)
        {
            HandBuiltBatch.AddSpan(b, scope, big, (ulong)(i + 1), (ulong)(i / 2), $"op{i % 3}", Orrery.Signals.Traces.SpanKind.Internal, HandBuiltBatch.T0 + i, 10);
        }
        HandBuiltBatch.AddSpan(b, scope, TraceId.ParseHex("4"), 1, 0, "before", Orrery.Signals.Traces.SpanKind.Server, HandBuiltBatch.T0, 10);
        HandBuiltBatch.AddSpan(b, scope, TraceId.ParseHex("6"), 1, 0, "after", Orrery.Signals.Traces.SpanKind.Server, HandBuiltBatch.T0, 10);
        using var block = Write([b], new BlockWriteOptions { PageSpans = 8, MaxPageFactor = 2 });

        Assert.True(block.PageCount > 5);
        var found = block.FindTrace(big, TimeRange.All);
        Assert.NotNull(found);
        Assert.Equal(SpanText.All(b).Where(s => s.StartsWith($"trace={big} ", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
            SpanText.All(found).Order(StringComparer.Ordinal));

        var fetched = block.FetchTraces(FetchSpansRequest.ForRange(TimeRange.All), default).ToList();
        Assert.Equal(3, fetched.Count);
        Assert.Equal(100, Assert.Single(fetched, t => t.TraceId == big).Rows.Length);
    }

    private TraceBlock Write(IEnumerable<Orrery.Signals.Traces.SpanBatch> batches, BlockWriteOptions? options = null)
    {
        var meta = TraceBlockWriter.Write(_dir.Path, batches, 0, options ?? BlockWriteOptions.Default);
        return TraceBlock.Open(Path.Combine(_dir.Path, meta.Id.ToString()));
    }
}
