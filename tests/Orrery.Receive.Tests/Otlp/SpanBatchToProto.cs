using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;
using Orrery.Signals;
using Orrery.Signals.Traces;

using Span = OpenTelemetry.Proto.Trace.V1.Span;

namespace Orrery.Receive.Tests.Otlp;

/// <summary>
/// A deliberately plain converter from a <see cref="SpanBatch"/> to Google.Protobuf messages, so
/// a decoded batch can be compared with the request it came from using the generated Equals
/// (which compares every field, doubles bitwise). Resources and scopes appear in the order their
/// first span does.
/// </summary>
internal static class SpanBatchToProto
{
    public static ExportTraceServiceRequest Convert(SpanBatch batch)
    {
        var request = new ExportTraceServiceRequest();
        var resources = new Dictionary<int, ResourceSpans>();
        var scopes = new Dictionary<int, ScopeSpans>();
        for (var i = 0; i < batch.Spans.Count; i++)
        {
            var span = batch.Spans[i];
            if (!scopes.TryGetValue(span.Scope, out var scopeSpans))
            {
                var scopeRow = batch.Scopes[span.Scope];
                if (!resources.TryGetValue(scopeRow.Resource, out var resourceSpans))
                {
                    resourceSpans = Resource(batch, scopeRow.Resource);
                    resources.Add(scopeRow.Resource, resourceSpans);
                    request.ResourceSpans.Add(resourceSpans);
                }
                scopeSpans = Scope(batch, span.Scope);
                scopes.Add(span.Scope, scopeSpans);
                resourceSpans.ScopeSpans.Add(scopeSpans);
            }
            scopeSpans.Spans.Add(Span(batch, i));
        }
        return request;
    }

    private static ResourceSpans Resource(SpanBatch batch, int row)
    {
        var r = batch.Resources[row];
        var resource = new Resource { DroppedAttributesCount = r.DroppedAttributesCount };
        resource.Attributes.AddRange(Attributes(batch, batch.ResourceAttributes, r.Attributes));
        return new ResourceSpans { Resource = resource, SchemaUrl = batch.String(r.SchemaUrl) };
    }

    private static ScopeSpans Scope(SpanBatch batch, int row)
    {
        var s = batch.Scopes[row];
        var scope = new InstrumentationScope
        {
            Name = batch.String(s.Name),
            Version = batch.String(s.Version),
            DroppedAttributesCount = s.DroppedAttributesCount,
        };
        scope.Attributes.AddRange(Attributes(batch, batch.ScopeAttributes, s.Attributes));
        return new ScopeSpans { Scope = scope, SchemaUrl = batch.String(s.SchemaUrl) };
    }

    private static Span Span(SpanBatch batch, int row)
    {
        var s = batch.Spans[row];
        var span = new Span
        {
            TraceId = TraceId(s.TraceId),
            SpanId = SpanId(s.SpanId),
            ParentSpanId = SpanId(s.ParentSpanId),
            TraceState = batch.String(s.TraceState),
            Flags = s.Flags,
            Name = batch.String(s.Name),
            Kind = (Span.Types.SpanKind)s.Kind,
            StartTimeUnixNano = (ulong)s.StartUnixNano,
            EndTimeUnixNano = (ulong)s.EndUnixNano,
            DroppedAttributesCount = s.DroppedAttributesCount,
            DroppedEventsCount = s.DroppedEventsCount,
            DroppedLinksCount = s.DroppedLinksCount,
        };
        if (s.StatusCode != StatusCode.Unset || !s.StatusMessage.IsEmpty)
        {
            span.Status = new Status { Code = (Status.Types.StatusCode)s.StatusCode, Message = batch.String(s.StatusMessage) };
        }
        span.Attributes.AddRange(Attributes(batch, batch.SpanAttributes, s.Attributes));
        for (var i = s.Events.Start; i < s.Events.End; i++)
        {
            var e = batch.Events[i];
            var ev = new Span.Types.Event { TimeUnixNano = (ulong)e.TimeUnixNano, Name = batch.String(e.Name), DroppedAttributesCount = e.DroppedAttributesCount };
            ev.Attributes.AddRange(Attributes(batch, batch.EventAttributes, e.Attributes));
            span.Events.Add(ev);
        }
        for (var i = s.Links.Start; i < s.Links.End; i++)
        {
            var l = batch.Links[i];
            var link = new Span.Types.Link
            {
                TraceId = TraceId(l.TraceId),
                SpanId = SpanId(l.SpanId),
                TraceState = batch.String(l.TraceState),
                DroppedAttributesCount = l.DroppedAttributesCount,
                Flags = l.Flags,
            };
            link.Attributes.AddRange(Attributes(batch, batch.LinkAttributes, l.Attributes));
            span.Links.Add(link);
        }
        return span;
    }

    private static List<KeyValue> Attributes(SpanBatch batch, RowList<KeyValueRow> table, RowRange range)
    {
        var list = new List<KeyValue>();
        for (var i = range.Start; i < range.End; i++)
        {
            var kv = table[i];
            list.Add(new KeyValue { Key = batch.String(kv.Key), Value = Value(batch, kv.Value) });
        }
        return list;
    }

    private static AnyValue Value(SpanBatch batch, AnyValueRow v) => v.Kind switch
    {
        ValueKind.Empty => new AnyValue(),
        ValueKind.String => new AnyValue { StringValue = batch.String(v.Bytes) },
        ValueKind.Bool => new AnyValue { BoolValue = v.AsBool },
        ValueKind.Int => new AnyValue { IntValue = v.AsInt },
        ValueKind.Double => new AnyValue { DoubleValue = v.AsDouble },
        ValueKind.Bytes => new AnyValue { BytesValue = ByteString.CopyFrom(batch.Utf8(v.Bytes)) },
        ValueKind.Array => new AnyValue { ArrayValue = ArrayValue.Parser.ParseFrom(batch.Utf8(v.Bytes).ToArray()) },
        ValueKind.KvList => new AnyValue { KvlistValue = KeyValueList.Parser.ParseFrom(batch.Utf8(v.Bytes).ToArray()) },
        _ => throw new InvalidOperationException($"unknown kind {v.Kind}"),
    };

    private static ByteString TraceId(Orrery.Signals.TraceId id)
    {
        if (id.IsEmpty) return ByteString.Empty;
        var bytes = new byte[16];
        id.WriteTo(bytes);
        return ByteString.CopyFrom(bytes);
    }

    private static ByteString SpanId(Orrery.Signals.SpanId id)
    {
        if (id.IsEmpty) return ByteString.Empty;
        var bytes = new byte[8];
        id.WriteTo(bytes);
        return ByteString.CopyFrom(bytes);
    }
}
