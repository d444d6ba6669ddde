using System.Globalization;
using System.Text;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Storage.Tests.Blocks;

/// <summary>
/// Renders a span with everything reachable from it (resource, scope, attributes, events, links)
/// as text, so two batches can be compared field by field whatever their row layout.
/// </summary>
internal static class SpanText
{
    public static string Of(SpanBatch b, int row)
    {
        var s = b.Spans[row];
        var scope = b.Scopes[s.Scope];
        var resource = b.Resources[scope.Resource];
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"trace={s.TraceId} span={s.SpanId} parent={s.ParentSpanId} state={Str(b, s.TraceState)} flags={s.Flags} ");
        sb.Append(CultureInfo.InvariantCulture, $"name={Str(b, s.Name)} kind={s.Kind} start={s.StartUnixNano} end={s.EndUnixNano} ");
        sb.Append(CultureInfo.InvariantCulture, $"status={s.StatusCode}:{Str(b, s.StatusMessage)} dropped={s.DroppedAttributesCount}/{s.DroppedEventsCount}/{s.DroppedLinksCount}\n");
        sb.Append(CultureInfo.InvariantCulture, $" resource schema={Str(b, resource.SchemaUrl)} dropped={resource.DroppedAttributesCount} {Attrs(b, b.ResourceAttributes, resource.Attributes)}\n");
        sb.Append(CultureInfo.InvariantCulture, $" scope {Str(b, scope.Name)}@{Str(b, scope.Version)} schema={Str(b, scope.SchemaUrl)} dropped={scope.DroppedAttributesCount} {Attrs(b, b.ScopeAttributes, scope.Attributes)}\n");
        sb.Append(CultureInfo.InvariantCulture, $" attrs {Attrs(b, b.SpanAttributes, s.Attributes)}\n");
        for (var i = s.Events.Start; i < s.Events.End; i++)
        {
            var e = b.Events[i];
            sb.Append(CultureInfo.InvariantCulture, $" event {e.TimeUnixNano} {Str(b, e.Name)} dropped={e.DroppedAttributesCount} {Attrs(b, b.EventAttributes, e.Attributes)}\n");
        }
        for (var i = s.Links.Start; i < s.Links.End; i++)
        {
            var l = b.Links[i];
            sb.Append(CultureInfo.InvariantCulture, $" link {l.TraceId}/{l.SpanId} state={Str(b, l.TraceState)} flags={l.Flags} dropped={l.DroppedAttributesCount} {Attrs(b, b.LinkAttributes, l.Attributes)}\n");
        }
        return sb.ToString();
    }

    public static List<string> All(SpanBatch b) => Enumerable.Range(0, b.Count).Select(i => Of(b, i)).ToList();

    public static List<string> All(IEnumerable<SpanBatch> batches) => batches.SelectMany(All).ToList();

    private static string Str(SpanBatch b, Utf8Ref r) => "'" + b.String(r) + "'";

    private static string Attrs(SpanBatch b, RowList<KeyValueRow> table, RowRange range)
    {
        var sb = new StringBuilder("{");
        for (var i = range.Start; i < range.End; i++)
        {
            var kv = table[i];
            sb.Append(CultureInfo.InvariantCulture, $"{b.String(kv.Key)}:{kv.Value.Kind}=");
            sb.Append(kv.Value.Kind switch
            {
                ValueKind.String => b.String(kv.Value.Bytes),
                ValueKind.Array or ValueKind.KvList or ValueKind.Bytes => Convert.ToHexString(b.Utf8(kv.Value.Bytes)),
                _ => kv.Value.Scalar.ToString(CultureInfo.InvariantCulture),
            });
            sb.Append(';');
        }
        return sb.Append('}').ToString();
    }
}
