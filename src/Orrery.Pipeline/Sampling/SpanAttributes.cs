using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Sampling;

/// <summary>Attribute lookups as the collector's policies do them: the span's resource first, then the span.</summary>
internal static class SpanAttributes
{
    /// <summary>Calls <paramref name="match"/> on the resource value and the span value of <paramref name="key"/> (each when present); true on the first match.</summary>
    public static bool AnyValue<TState>(SpanRef span, ReadOnlySpan<byte> key, TState state, Func<TState, SpanBatch, AnyValueRow, bool> match)
    {
        var batch = span.Batch;
        var r = batch.FindResourceAttribute(span.Row, key);
        if (r >= 0 && match(state, batch, batch.ResourceAttributes[r].Value)) return true;
        var a = batch.FindSpanAttribute(span.Row, key);
        return a >= 0 && match(state, batch, batch.SpanAttributes[a].Value);
    }
}
