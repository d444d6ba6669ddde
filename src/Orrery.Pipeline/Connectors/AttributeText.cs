using System.Text;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Connectors;

/// <summary>Reads attributes of a span (span first, then its resource) as label text, without allocating for scalar values.</summary>
internal static class AttributeText
{
    /// <summary>The attribute's value written into <paramref name="into"/>; false when neither the span nor its resource has it.</summary>
    public static bool TryAppend(SpanBatch batch, int row, ReadOnlySpan<byte> key, KeyBuffer into)
    {
        var i = batch.FindSpanAttribute(row, key);
        if (i >= 0)
        {
            Append(batch, batch.SpanAttributes[i].Value, into);
            return true;
        }
        i = batch.FindResourceAttribute(row, key);
        if (i < 0) return false;
        Append(batch, batch.ResourceAttributes[i].Value, into);
        return true;
    }

    public static void Append(SpanBatch batch, in AnyValueRow v, KeyBuffer into)
    {
        int n;
        switch (v.Kind)
        {
            case ValueKind.String:
                into.Append(batch.Utf8(v.Bytes));
                return;
            case ValueKind.Bool:
                into.Append(v.AsBool ? "true"u8 : "false"u8);
                return;
            case ValueKind.Int:
                v.AsInt.TryFormat(into.Free(20), out n, default, System.Globalization.CultureInfo.InvariantCulture);
                into.Advance(n);
                return;
            case ValueKind.Double:
                v.AsDouble.TryFormat(into.Free(32), out n, "R", System.Globalization.CultureInfo.InvariantCulture);
                into.Advance(n);
                return;
            default:
                into.Append(Encoding.UTF8.GetBytes(AnyValueText.Format(v, batch.Bytes)));
                return;
        }
    }
}
