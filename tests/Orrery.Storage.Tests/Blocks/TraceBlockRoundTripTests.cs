using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;
using Orrery.Storage.Traces.Blocks;

namespace Orrery.Storage.Tests.Blocks;

public sealed class TraceBlockRoundTripTests : IDisposable
{
    private readonly BlockTestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Every_field_reads_back_as_written()
    {
        var batch = HandBuiltBatch.Create();

        var meta = TraceBlockWriter.Write(_dir.Path, [batch]);
        using var block = TraceBlock.Open(Path.Combine(_dir.Path, meta.Id.ToString()));

        Assert.Equal(Sorted(SpanText.All(batch)), Sorted(SpanText.All(block.ReadAll())));
        Assert.Equal(5, meta.SpanCount);
        Assert.Equal(2, meta.TraceCount);
        Assert.Equal(HandBuiltBatch.T0, meta.MinStartUnixNano);
        Assert.Equal(HandBuiltBatch.T0 + 10_000_100, meta.MaxStartUnixNano);
        Assert.Equal(0, meta.CompactionLevel);
    }

    [Fact]
    public void Spans_come_back_sorted_by_trace_id_then_start()
    {
        var meta = TraceBlockWriter.Write(_dir.Path, [HandBuiltBatch.Create()]);
        using var block = TraceBlock.Open(Path.Combine(_dir.Path, meta.Id.ToString()));

        var spans = block.ReadAll().SelectMany(b => Enumerable.Range(0, b.Count).Select(i => b.Spans[i])).ToList();

        Assert.Equal([0x1111UL, 0x1113, 0x1112, 0x2222, 0x2223], spans.Select(s => s.SpanId.Value));
    }

    [Fact]
    public void A_span_sent_twice_is_stored_once()
    {
        var first = HandBuiltBatch.Create();
        var retry = HandBuiltBatch.Create();
        var moved = HandBuiltBatch.Create();
        // The same span id re-sent with another start time still counts as the same span.
        moved.Spans[1].StartUnixNano += 1_000_000;

        var meta = TraceBlockWriter.Write(_dir.Path, [first, retry, moved]);
        using var block = TraceBlock.Open(Path.Combine(_dir.Path, meta.Id.ToString()));

        Assert.Equal(5, meta.SpanCount);
        Assert.Equal(Sorted(SpanText.All(first)), Sorted(SpanText.All(block.ReadAll())));
    }

    [Fact]
    public void Compaction_level_is_recorded_and_a_block_can_be_rewritten_from_its_pages()
    {
        var meta = TraceBlockWriter.Write(_dir.Path, [HandBuiltBatch.Create()]);
        using var block = TraceBlock.Open(Path.Combine(_dir.Path, meta.Id.ToString()));

        var merged = TraceBlockWriter.Write(_dir.Path, block.ReadAll().Concat(block.ReadAll()), compactionLevel: 1);
        using var compacted = TraceBlock.Open(Path.Combine(_dir.Path, merged.Id.ToString()));

        Assert.Equal(1, merged.CompactionLevel);
        Assert.Equal(meta.SpanCount, merged.SpanCount);
        Assert.Equal(Sorted(SpanText.All(block.ReadAll())), Sorted(SpanText.All(compacted.ReadAll())));
    }

    [Fact]
    public void An_empty_input_writes_an_empty_block()
    {
        var meta = TraceBlockWriter.Write(_dir.Path, [new SpanBatch()]);
        using var block = TraceBlock.Open(Path.Combine(_dir.Path, meta.Id.ToString()));

        Assert.Equal(0, meta.SpanCount);
        Assert.False(block.MayContain(HandBuiltBatch.TraceA));
        Assert.Null(block.FindTrace(HandBuiltBatch.TraceA, TimeRange.All));
        Assert.Empty(block.FetchTraces(FetchSpansRequest.ForRange(TimeRange.All), default));
        Assert.Empty(block.ReadAll());
    }

    [Fact]
    public void Meta_on_disk_matches_the_returned_meta()
    {
        var meta = TraceBlockWriter.Write(_dir.Path, [HandBuiltBatch.Create()]);
        using var block = TraceBlock.Open(Path.Combine(_dir.Path, meta.Id.ToString()));

        Assert.Equal(meta, block.Meta);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, meta.Id + ".tmp")));
    }

    private static List<string> Sorted(List<string> spans)
    {
        spans.Sort(StringComparer.Ordinal);
        return spans;
    }
}
