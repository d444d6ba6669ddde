using Orrery.Signals;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>Parent span ids, stored as a distance inside the trace when the parent is in the same page.</summary>
internal sealed partial class PageWriter
{
    /// <summary>Parents column codes: 0 = no parent, 1 = raw id in ParentIds, 2 + zigzag(own index - parent index).</summary>
    public const ulong NoParent = 0;
    public const ulong ExternalParent = 1;
    public const ulong FirstRelativeParent = 2;

    /// <summary>Above this many spans a trace's ids go to a hash map; below, a linear scan is cheaper.</summary>
    private const int LinearSearchLimit = 16;

    private void IndexSpanIds(ReadOnlySpan<SpanKey> spans)
    {
        _spanIndex.Clear();
        if (spans.Length <= LinearSearchLimit) return;
        for (var i = 0; i < spans.Length; i++) _spanIndex.TryAdd(spans[i].SpanId.Value, i);
    }

    private void WriteParent(ReadOnlySpan<SpanKey> spans, int index, SpanId parent)
    {
        var parents = this[Column.Parents];
        if (parent.IsEmpty)
        {
            parents.WriteVarUInt(NoParent);
            return;
        }
        var at = FindSpan(spans, parent.Value);
        if (at < 0)
        {
            parents.WriteVarUInt(ExternalParent);
            this[Column.ParentIds].WriteUInt64BigEndian(parent.Value);
            return;
        }
        parents.WriteVarUInt(FirstRelativeParent + Encodings.VarInt.ZigZag(index - at));
    }

    private int FindSpan(ReadOnlySpan<SpanKey> spans, ulong id)
    {
        if (spans.Length > LinearSearchLimit) return _spanIndex.TryGetValue(id, out var at) ? at : -1;
        for (var i = 0; i < spans.Length; i++)
        {
            if (spans[i].SpanId.Value == id) return i;
        }
        return -1;
    }
}
