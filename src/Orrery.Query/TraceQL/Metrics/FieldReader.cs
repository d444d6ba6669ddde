using System.Text;
using Orrery.Query.TraceQL.Syntax;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Query.TraceQL.Metrics;

/// <summary>
/// Reads one field named in a metrics query (a <c>by(...)</c> field or the measured field of
/// <c>*_over_time</c>) from span rows. Built once per query; <see cref="Read"/> allocates nothing.
/// </summary>
public sealed class FieldReader
{
    private readonly Intrinsic? _intrinsic;
    private readonly AttributeScope _scope;
    private readonly byte[] _name = [];

    private FieldReader(string label, Intrinsic intrinsic)
    {
        Label = label;
        _intrinsic = intrinsic;
        NeedsTrace = intrinsic is Intrinsic.RootName or Intrinsic.RootServiceName or Intrinsic.TraceDuration;
    }

    private FieldReader(string label, AttributeScope scope, string name)
    {
        Label = label;
        _scope = scope;
        _name = Encoding.UTF8.GetBytes(name);
    }

    /// <summary>The series label name, as Tempo names it: <c>resource.service.name</c>, <c>span.x</c>, <c>.x</c>, <c>name</c>.</summary>
    public string Label { get; }

    /// <summary>True when the value depends on the whole trace (its root span or its duration).</summary>
    public bool NeedsTrace { get; }

    /// <summary>True for <c>resource.x</c>: the value is the same for every span of one resource.</summary>
    public bool IsResourceAttribute => _intrinsic is null && _scope == AttributeScope.Resource;

    /// <summary>True for the <c>duration</c> intrinsic, which histograms bucket as nanoseconds.</summary>
    public bool IsDuration => _intrinsic == Intrinsic.Duration;

    /// <summary>Compiles a field; throws <see cref="TraceQLMetricsException"/> for fields metrics cannot group or measure by.</summary>
    public static FieldReader Compile(FieldExpr field, string role)
    {
        ArgumentNullException.ThrowIfNull(field);
        switch (field)
        {
            case AttributeExpr { Scope: AttributeScope.Event or AttributeScope.Link } attribute:
                throw new TraceQLMetricsException($"{role} {attribute}: event and link attributes are not supported in metrics queries");
            case AttributeExpr attribute:
                var prefix = attribute.Scope switch
                {
                    AttributeScope.Span => "span.",
                    AttributeScope.Resource => "resource.",
                    AttributeScope.Instrumentation => "instrumentation.",
                    _ => ".",
                };
                return new FieldReader(prefix + attribute.Name, attribute.Scope, attribute.Name);
            case IntrinsicExpr { Intrinsic: var intrinsic } when IsSupported(intrinsic):
                return new FieldReader(Intrinsics.CanonicalName(intrinsic), intrinsic);
            default:
                throw new TraceQLMetricsException($"{role} {field}: only attributes and the span intrinsics name, status, statusMessage, kind, duration, rootName, rootServiceName, traceDuration and instrumentation:name/version are supported");
        }
    }

    private static bool IsSupported(Intrinsic intrinsic) => intrinsic is Intrinsic.Name or Intrinsic.Status or Intrinsic.StatusMessage
        or Intrinsic.Kind or Intrinsic.Duration or Intrinsic.RootName or Intrinsic.RootServiceName or Intrinsic.TraceDuration
        or Intrinsic.InstrumentationName or Intrinsic.InstrumentationVersion;

    /// <summary>The field of span <paramref name="row"/>; <paramref name="trace"/> is used only when <see cref="NeedsTrace"/>.</summary>
    public FieldValue Read(SpanBatch batch, int row, in TraceInfo trace)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return _intrinsic is { } intrinsic ? ReadIntrinsic(batch, row, intrinsic, trace) : ReadAttribute(batch, row);
    }

    private static FieldValue ReadIntrinsic(SpanBatch batch, int row, Intrinsic intrinsic, in TraceInfo trace)
    {
        ref var span = ref batch.Spans[row];
        switch (intrinsic)
        {
            case Intrinsic.Name: return new FieldValue(StaticType.String, text: batch.Utf8(span.Name));
            case Intrinsic.Status: return new FieldValue(StaticType.Status, (long)span.StatusCode);
            case Intrinsic.StatusMessage: return new FieldValue(StaticType.String, text: batch.Utf8(span.StatusMessage));
            case Intrinsic.Kind: return new FieldValue(StaticType.Kind, (long)span.Kind);
            case Intrinsic.Duration: return new FieldValue(StaticType.Duration, span.DurationNano);
            case Intrinsic.InstrumentationName: return new FieldValue(StaticType.String, text: batch.Utf8(batch.ScopeOf(row).Name));
            case Intrinsic.InstrumentationVersion: return new FieldValue(StaticType.String, text: batch.Utf8(batch.ScopeOf(row).Version));
            case Intrinsic.TraceDuration:
                return trace.EndUnixNano >= trace.StartUnixNano && trace != TraceInfo.None
                    ? new FieldValue(StaticType.Duration, trace.EndUnixNano - trace.StartUnixNano)
                    : FieldValue.Nil;
            case Intrinsic.RootName:
                return trace.RootRow < 0 ? FieldValue.Nil : new FieldValue(StaticType.String, text: batch.Utf8(batch.Spans[trace.RootRow].Name));
            case Intrinsic.RootServiceName:
                return trace.RootRow < 0 ? FieldValue.Nil : new FieldValue(StaticType.String, text: batch.ServiceName(trace.RootRow));
            default:
                return FieldValue.Nil;
        }
    }

    private FieldValue ReadAttribute(SpanBatch batch, int row)
    {
        switch (_scope)
        {
            case AttributeScope.Span:
                return FromRow(batch, batch.SpanAttributes, batch.FindSpanAttribute(row, _name));
            case AttributeScope.Resource:
                return FromRow(batch, batch.ResourceAttributes, batch.FindResourceAttribute(row, _name));
            case AttributeScope.Instrumentation:
                return FromRow(batch, batch.ScopeAttributes, Find(batch, batch.ScopeAttributes, batch.ScopeOf(row).Attributes));
            default:
                var value = FromRow(batch, batch.SpanAttributes, batch.FindSpanAttribute(row, _name));
                return value.Type != StaticType.Nil ? value : FromRow(batch, batch.ResourceAttributes, batch.FindResourceAttribute(row, _name));
        }
    }

    private int Find(SpanBatch batch, RowList<KeyValueRow> table, RowRange range)
    {
        for (var i = range.Start; i < range.Start + range.Count; i++)
        {
            if (batch.Utf8(table[i].Key).SequenceEqual(_name)) return i;
        }
        return -1;
    }

    /// <summary>Arrays, key-value lists and bytes have no TraceQL type; like Tempo, they read as nil.</summary>
    internal static FieldValue FromRow(SpanBatch batch, RowList<KeyValueRow> table, int index)
    {
        if (index < 0) return FieldValue.Nil;
        ref var value = ref table[index].Value;
        return value.Kind switch
        {
            ValueKind.String => new FieldValue(StaticType.String, text: batch.Utf8(value.Bytes)),
            ValueKind.Int => new FieldValue(StaticType.Int, value.AsInt),
            ValueKind.Double => new FieldValue(StaticType.Float, number: value.AsDouble),
            ValueKind.Bool => new FieldValue(StaticType.Boolean, value.Scalar),
            _ => FieldValue.Nil,
        };
    }
}
