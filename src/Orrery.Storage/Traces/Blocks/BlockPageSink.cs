using Orrery.Storage.Encodings;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// Takes a block's traces in trace-id order, one call per trace, and writes them as pages,
/// closing a page at the first trace boundary after <see cref="BlockWriteOptions.PageSpans"/>
/// spans. Counts what the block's metadata reports, so callers need not know it in advance.
/// </summary>
internal sealed class BlockPageSink(PageWriter writer, Stream data, BloomFilter bloom, ScopeTableBuilder scopes, BlockWriteOptions options)
{
    public List<PageInfo> Pages { get; } = [];

    /// <summary>The block's scope table, which a streaming writer tells about batches it replaces.</summary>
    public ScopeTableBuilder Scopes => scopes;

    public int SpanCount { get; private set; }

    public int TraceCount { get; private set; }

    public long MinStart { get; private set; } = long.MaxValue;

    public long MaxStart { get; private set; } = long.MinValue;

    /// <summary>Writes one whole trace, its spans in block order (by start time, then span id), each span id once.</summary>
    public void AddTrace(ReadOnlySpan<SpanKey> trace)
    {
        var traceId = trace[0].TraceId;
        bloom.Add(BloomFilter.Mix(traceId.High, traceId.Low));
        TraceCount++;
        SpanCount += trace.Length;
        foreach (ref readonly var s in trace)
        {
            MinStart = Math.Min(MinStart, s.Start);
            MaxStart = Math.Max(MaxStart, s.Start);
        }

        if (writer.SpanCount >= options.PageSpans) Pages.Add(writer.Flush(data));
        // A trace larger than what is left of a page is split only past the hard limit.
        var maxPageSpans = options.PageSpans * options.MaxPageFactor;
        var at = 0;
        while (trace.Length - at > maxPageSpans - writer.SpanCount)
        {
            var take = maxPageSpans - writer.SpanCount;
            writer.AddTrace(trace.Slice(at, take));
            at += take;
            Pages.Add(writer.Flush(data));
        }
        writer.AddTrace(trace[at..]);
    }

    /// <summary>Writes the last, partly filled page.</summary>
    public void Finish()
    {
        if (writer.SpanCount > 0) Pages.Add(writer.Flush(data));
    }
}
