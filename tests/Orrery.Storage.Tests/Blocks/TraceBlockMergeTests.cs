using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces.Blocks;

namespace Orrery.Storage.Tests.Blocks;

public sealed class TraceBlockMergeTests : IDisposable
{
    private readonly BlockTestDirectory _dir = new();
    private readonly List<TraceBlock> _open = [];

    public void Dispose()
    {
        foreach (var b in _open) b.Dispose();
        _dir.Dispose();
    }

    public static TheoryData<int> PageSizes => new() { 1024, 7 };

    [Theory]
    [MemberData(nameof(PageSizes))]
    public void Merging_blocks_that_share_traces_yields_every_span_once_in_block_order(int pageSpans)
    {
        var options = BlockWriteOptions.Default with { PageSpans = pageSpans };
        var generator = new RealisticSpans(seed: 7);
        var shared = generator.NextBatch(traces: 200);
        var other = generator.NextBatch(traces: 100);
        // Rows 1, 4, 7, ... are in both halves: the two blocks share every trace and some spans.
        var first = Rows(shared, r => r % 3 != 2);
        var second = Rows(shared, r => r % 3 != 0);
        var inputs = new[]
        {
            Open(TraceBlockWriter.Write(_dir.Path, [first], 0, options)),
            Open(TraceBlockWriter.Write(_dir.Path, [second, HandBuiltBatch.Create()], 1, options)),
            Open(TraceBlockWriter.Write(_dir.Path, [other], 0, options)),
        };
        var expected = Open(TraceBlockWriter.Write(_dir.Path, [shared, HandBuiltBatch.Create(), other], 0, options));

        var meta = TraceBlockMerger.Merge(_dir.Path, inputs, 2, options);
        var merged = Open(meta);

        Assert.Equal(SpanText.All(expected.ReadAll()), SpanText.All(merged.ReadAll()));
        Assert.Equal(expected.Meta with { Id = meta.Id, SizeBytes = meta.SizeBytes, CompactionLevel = 2 }, meta);
        Assert.Equal(shared.Count + other.Count + 5, meta.SpanCount);
        Assert.Equal(meta, merged.Meta);
    }

    [Fact]
    public void Spans_come_out_in_trace_id_order_then_start_and_are_found_by_lookup()
    {
        var generator = new RealisticSpans(seed: 3);
        var inputs = Enumerable.Range(0, 4)
            .Select(_ => Open(TraceBlockWriter.Write(_dir.Path, [generator.NextBatch(traces: 150)])))
            .ToArray();

        var merged = Open(TraceBlockMerger.Merge(_dir.Path, inputs, 1));

        var spans = merged.ReadAll().SelectMany(b => Enumerable.Range(0, b.Count).Select(i => b.Spans[i])).ToList();
        Assert.Equal(4 * 150 * RealisticSpans.SpansPerTrace, spans.Count);
        for (var i = 1; i < spans.Count; i++)
        {
            var c = spans[i - 1].TraceId.CompareTo(spans[i].TraceId);
            Assert.True(c < 0 || (c == 0 && spans[i - 1].StartUnixNano <= spans[i].StartUnixNano), $"span {i} is out of order");
        }
        foreach (var input in inputs)
        {
            foreach (var page in input.ReadAll())
            {
                var id = page.Spans[0].TraceId;
                Assert.Equal(SpanText.All(input.FindTrace(id, TimeRange.All)!), SpanText.All(merged.FindTrace(id, TimeRange.All)!));
            }
        }
    }

    [Fact]
    public void A_span_in_several_inputs_is_kept_once_from_the_first_input()
    {
        var original = HandBuiltBatch.Create();
        var moved = HandBuiltBatch.Create();
        moved.Spans[1].StartUnixNano += 1_000_000;
        var inputs = new[]
        {
            Open(TraceBlockWriter.Write(_dir.Path, [original])),
            Open(TraceBlockWriter.Write(_dir.Path, [HandBuiltBatch.Create()])),
            Open(TraceBlockWriter.Write(_dir.Path, [moved])),
        };

        var meta = TraceBlockMerger.Merge(_dir.Path, inputs, 1);
        var merged = Open(meta);

        Assert.Equal(5, meta.SpanCount);
        Assert.Equal(2, meta.TraceCount);
        Assert.Equal(SpanText.All(inputs[0].ReadAll()), SpanText.All(merged.ReadAll()));
    }

    [Fact]
    public void A_trace_split_over_pages_in_its_inputs_is_merged_whole()
    {
        // 4 x 3 spans per page at most: a 40-span trace is split in every input.
        var options = BlockWriteOptions.Default with { PageSpans = 3 };
        var trace = new TraceId(0x42, 0x42);
        var inputs = new TraceBlock[2];
        for (var i = 0; i < inputs.Length; i++)
        {
            var b = new SpanBatch();
            var scope = HandBuiltBatch.AddScope(b, HandBuiltBatch.AddResource(b, "svc"), "lib", "1");
            for (var s = 0; s < 40; s++)
            {
                HandBuiltBatch.AddSpan(b, scope, trace, (ulong)((i * 40) + s + 1), 0, "op" + s, SpanKind.Server,
                    HandBuiltBatch.T0 + (s * 10) + i, 5, ("n", AnyValueRow.FromInt(s)));
            }
            inputs[i] = Open(TraceBlockWriter.Write(_dir.Path, [b], 0, options));
        }

        var meta = TraceBlockMerger.Merge(_dir.Path, inputs, 1, options);
        var merged = Open(meta);

        Assert.Equal(80, meta.SpanCount);
        Assert.Equal(1, meta.TraceCount);
        var found = merged.FindTrace(trace, TimeRange.All)!;
        Assert.Equal(80, found.Count);
        Assert.Equal(
            SpanText.All(inputs.SelectMany(b => b.ReadAll())).Order(StringComparer.Ordinal),
            SpanText.All(found).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Merging_empty_blocks_writes_an_empty_block()
    {
        var inputs = new[] { Open(TraceBlockWriter.Write(_dir.Path, [new SpanBatch()])), Open(TraceBlockWriter.Write(_dir.Path, [new SpanBatch()])) };

        var meta = TraceBlockMerger.Merge(_dir.Path, inputs, 1);

        Assert.Equal(0, meta.SpanCount);
        Assert.Empty(Open(meta).ReadAll());
    }

    private static SpanBatch Rows(SpanBatch source, Func<int, bool> keep)
    {
        var copier = new SpanBatchCopier(new SpanBatch());
        for (var r = 0; r < source.Count; r++)
        {
            if (keep(r)) copier.CopySpan(source, r);
        }
        return copier.Destination;
    }

    private TraceBlock Open(BlockMeta meta)
    {
        var block = TraceBlock.Open(Path.Combine(_dir.Path, meta.Id.ToString()));
        _open.Add(block);
        return block;
    }
}
