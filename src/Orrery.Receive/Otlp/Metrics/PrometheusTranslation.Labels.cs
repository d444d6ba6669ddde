using System.Buffers.Text;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Otlp.Metrics;

internal sealed partial class PrometheusTranslation
{
    /// <summary>Which labels a point's series get from the translation, so attributes of those names give way.</summary>
    private enum LabelOwner
    {
        Number,
        Histogram,
        Summary,
    }

    /// <summary>An attribute as a label, with its original key to order values that collide.</summary>
    private struct AttributeLabel
    {
        public LabelRow Label;
        public Utf8Ref Key;
    }

    private readonly RowList<AttributeLabel> _attributeLabels = new(16);
    /// <summary>The current point's attribute labels: normalised, merged, without names the translation sets.</summary>
    private readonly RowList<LabelRow> _pointLabels = new(16);

    private static ReadOnlySpan<byte> ServiceName => "service.name"u8;
    private static ReadOnlySpan<byte> ServiceNamespace => "service.namespace"u8;
    private static ReadOnlySpan<byte> ServiceInstanceId => "service.instance.id"u8;

    private void BuildPointLabels(RowRange attributes, LabelOwner owner)
    {
        NormalizeAttributes(_data.PointAttributes.AsSpan().Slice(attributes.Start, attributes.Count), skipService: false);
        _pointLabels.Clear();
        foreach (ref readonly var entry in _attributeLabels.AsSpan())
        {
            var name = _batch.Utf8(entry.Label.Name);
            if (SetByTranslation(name, owner)) continue;
            _pointLabels.Add(entry.Label);
        }
    }

    /// <summary>
    /// Attribute names the translation itself sets win over attributes (Prometheus's OTLP
    /// receiver does the same): <c>job</c> and <c>instance</c> when the resource gives them,
    /// the scope labels when the scope has them, <c>le</c> and <c>quantile</c> on the types that use them.
    /// </summary>
    private bool SetByTranslation(ReadOnlySpan<byte> name, LabelOwner owner) =>
        name.SequenceEqual("job"u8) ? !_resource.Job.IsEmpty
        : name.SequenceEqual("instance"u8) ? !_resource.Instance.IsEmpty
        : name.SequenceEqual("otel_scope_name"u8) ? !_scopeName.IsEmpty
        : name.SequenceEqual("otel_scope_version"u8) ? !_scopeVersion.IsEmpty
        : name.SequenceEqual("le"u8) ? owner == LabelOwner.Histogram
        : name.SequenceEqual("quantile"u8) && owner == LabelOwner.Summary;

    /// <summary>
    /// Fills <see cref="_attributeLabels"/> with the attributes as labels, sorted by name. Keys
    /// that normalise to the same name have their values joined with <c>;</c> in the order of
    /// the original keys, as the specification asks.
    /// </summary>
    private void NormalizeAttributes(ReadOnlySpan<KeyValueRow> attributes, bool skipService)
    {
        _attributeLabels.Clear();
        foreach (ref readonly var attribute in attributes)
        {
            var key = _data.Bytes.Get(attribute.Key);
            if (skipService && (key.SequenceEqual(ServiceName) || key.SequenceEqual(ServiceNamespace) || key.SequenceEqual(ServiceInstanceId))) continue;
            var value = AppendValue(in attribute.Value);
            if (value.IsEmpty) continue;
            var name = PrometheusNames.AppendLabelName(key, _batch.Bytes);
            if (name.IsEmpty) continue;
            _attributeLabels.Add(new AttributeLabel { Label = new LabelRow { Name = name, Value = value }, Key = attribute.Key });
        }
        var labels = _attributeLabels.AsSpan();
        // Insertion sort by (name, original key): attribute lists are short.
        for (var i = 1; i < labels.Length; i++)
        {
            var item = labels[i];
            var j = i - 1;
            while (j >= 0 && Compare(labels[j], item) > 0)
            {
                labels[j + 1] = labels[j];
                j--;
            }
            labels[j + 1] = item;
        }
        var kept = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (kept > 0 && _batch.Utf8(labels[kept - 1].Label.Name).SequenceEqual(_batch.Utf8(labels[i].Label.Name)))
            {
                labels[kept - 1].Label.Value = Join(labels[kept - 1].Label.Value, labels[i].Label.Value);
                continue;
            }
            labels[kept++] = labels[i];
        }
        _attributeLabels.Truncate(kept);
    }

    private int Compare(in AttributeLabel a, in AttributeLabel b)
    {
        var c = _batch.Utf8(a.Label.Name).SequenceCompareTo(_batch.Utf8(b.Label.Name));
        return c != 0 ? c : _data.Bytes.Get(a.Key).SequenceCompareTo(_data.Bytes.Get(b.Key));
    }

    private Utf8Ref Join(Utf8Ref first, Utf8Ref second)
    {
        var length = first.Length + 1 + second.Length;
        var room = _batch.Bytes.Reserve(length, out var joined);
        _batch.Utf8(first).CopyTo(room);
        room[first.Length] = (byte)';';
        _batch.Utf8(second).CopyTo(room[(first.Length + 1)..]);
        return joined;
    }

    /// <summary>
    /// An attribute value as label text, in the batch arena: strings as they are, other types
    /// as the specification's non-OTLP representation (JSON for arrays and maps, base64 bytes).
    /// </summary>
    private Utf8Ref AppendValue(in AnyValueRow value)
    {
        var bytes = _batch.Bytes;
        switch (value.Kind)
        {
            case ValueKind.String:
                return bytes.Append(_data.Bytes.Get(value.Bytes));
            case ValueKind.Bool:
                return bytes.Append(value.AsBool ? "true"u8 : "false"u8);
            case ValueKind.Int:
                var start = bytes.Length;
                var room = bytes.Reserve(20, out _);
                Utf8Formatter.TryFormat(value.AsInt, room, out var written);
                bytes.Truncate(start + written);
                return new Utf8Ref(start, written);
            case ValueKind.Double:
                return bytes.Append(PrometheusFloat.Format(value.AsDouble));
            case ValueKind.Bytes:
                return bytes.Append(Convert.ToBase64String(_data.Bytes.Get(value.Bytes)));
            case ValueKind.Array:
            case ValueKind.KvList:
                return bytes.Append(OtlpAnyValueJson.Format(_data.Bytes.Get(value.Bytes), value.Kind));
            default:
                return default;
        }
    }

    private int AddSeries(Utf8Ref name) => AddSeries(name, default, default);

    /// <summary>Adds a series: name, resource and scope labels, an optional extra label (<c>le</c>, <c>quantile</c>) and the point's labels.</summary>
    private int AddSeries(Utf8Ref name, Utf8Ref extraName, Utf8Ref extraValue)
    {
        _batch.BeginSeries();
        _batch.AddLabel(_names.Name, name);
        _batch.AddLabel(_names.Job, _resource.Job);
        _batch.AddLabel(_names.Instance, _resource.Instance);
        _batch.AddLabel(_names.ScopeName, _scopeName);
        _batch.AddLabel(_names.ScopeVersion, _scopeVersion);
        if (!extraName.IsEmpty) _batch.AddLabel(extraName, extraValue);
        _batch.Labels.AddRange(_pointLabels.AsSpan());
        // Names are unique by construction: attributes were merged and give way to the labels above.
        var series = _batch.EndSeries(out var duplicate);
        if (series < 0) throw new InvalidOperationException($"label {duplicate} set twice on a translated series");
        return series;
    }

    /// <summary>
    /// Adds a point's exemplars to <paramref name="series"/>, or, for a classic histogram
    /// (<paramref name="series"/> = -1), to the bucket series whose <c>le</c> is the first bound
    /// at or above the exemplar's value. Labels: <c>trace_id</c> and <c>span_id</c> as lower-case
    /// hex, then the filtered attributes (which may not override the ids).
    /// </summary>
    private void AddExemplars(RowRange exemplars, long pointMs, int series, ReadOnlySpan<double> bounds)
    {
        foreach (ref readonly var exemplar in _data.Exemplars.AsSpan().Slice(exemplars.Start, exemplars.Count))
        {
            var target = series;
            if (target < 0)
            {
                var bucket = 0;
                while (bucket < bounds.Length && exemplar.Value > bounds[bucket]) bucket++;
                target = _bucketSeries[bucket];
            }
            var labelStart = _batch.Labels.Count;
            if (!exemplar.TraceId.IsEmpty)
            {
                var hex = _batch.Bytes.Reserve(32, out var traceId);
                Hex.WriteUtf8(exemplar.TraceId.High, hex);
                Hex.WriteUtf8(exemplar.TraceId.Low, hex[16..]);
                _batch.AddLabel(_names.TraceId, traceId);
            }
            if (!exemplar.SpanId.IsEmpty)
            {
                var hex = _batch.Bytes.Reserve(16, out var spanId);
                Hex.WriteUtf8(exemplar.SpanId.Value, hex);
                _batch.AddLabel(_names.SpanId, spanId);
            }
            var ids = _batch.Labels.Count - labelStart;
            NormalizeAttributes(_data.ExemplarAttributes.AsSpan().Slice(exemplar.Attributes.Start, exemplar.Attributes.Count), skipService: false);
            foreach (ref readonly var attribute in _attributeLabels.AsSpan())
            {
                var name = _batch.Utf8(attribute.Label.Name);
                if (name.SequenceEqual("trace_id"u8) && !exemplar.TraceId.IsEmpty || name.SequenceEqual("span_id"u8) && !exemplar.SpanId.IsEmpty) continue;
                _batch.Labels.Add(attribute.Label);
            }
            var kept = LabelCanonicalizer.Canonicalize(_batch.Bytes, _batch.Labels.AsSpan()[labelStart..], out _);
            // Unique by construction; should that ever fail, keep the ids alone rather than lose the exemplar.
            if (kept < 0) kept = ids;
            _batch.Labels.Truncate(labelStart + kept);
            _batch.Exemplars.Add(new ExemplarRow
            {
                Series = target,
                TimestampMs = exemplar.TimeUnixNano > 0 ? ToMilliseconds(exemplar.TimeUnixNano) : pointMs,
                Value = exemplar.Value,
                Labels = new RowRange(labelStart, kept),
            });
        }
    }

    /// <summary>
    /// <c>job</c> = service.namespace/service.name (or service.name), <c>instance</c> =
    /// service.instance.id, in the batch arena.
    /// </summary>
    private ResourceContext ReadResource(int resource)
    {
        var range = _data.Resources[resource].Attributes;
        ReadOnlySpan<byte> name = default, ns = default, instance = default;
        var others = false;
        foreach (ref readonly var attribute in _data.ResourceAttributes.AsSpan().Slice(range.Start, range.Count))
        {
            var key = _data.Bytes.Get(attribute.Key);
            var isString = attribute.Value.Kind == ValueKind.String;
            if (key.SequenceEqual(ServiceName) && isString) name = _data.Bytes.Get(attribute.Value.Bytes);
            else if (key.SequenceEqual(ServiceNamespace) && isString) ns = _data.Bytes.Get(attribute.Value.Bytes);
            else if (key.SequenceEqual(ServiceInstanceId) && isString) instance = _data.Bytes.Get(attribute.Value.Bytes);
            else others = true;
        }
        var context = new ResourceContext { HasOtherAttributes = others, Instance = _batch.Bytes.Append(instance) };
        if (ns.IsEmpty)
        {
            context.Job = _batch.Bytes.Append(name);
        }
        else if (!name.IsEmpty)
        {
            var room = _batch.Bytes.Reserve(ns.Length + 1 + name.Length, out context.Job);
            ns.CopyTo(room);
            room[ns.Length] = (byte)'/';
            name.CopyTo(room[(ns.Length + 1)..]);
        }
        return context;
    }

    /// <summary>
    /// The <c>target_info</c> gauge (value 1) of a resource that had points: its attributes other
    /// than the three service ones, with <c>job</c> and <c>instance</c>, at the latest point's time.
    /// Without job and instance it could not be joined to anything, so it is left out.
    /// </summary>
    private void AddTargetInfo(int resource)
    {
        var context = _resources[resource];
        if (!context.HasOtherAttributes || context.LatestMs <= 0 || context.Job.IsEmpty && context.Instance.IsEmpty) return;
        var range = _data.Resources[resource].Attributes;
        NormalizeAttributes(_data.ResourceAttributes.AsSpan().Slice(range.Start, range.Count), skipService: true);
        _batch.BeginSeries();
        _batch.AddLabel(_names.Name, _batch.Bytes.Append("target_info"u8));
        _batch.AddLabel(_names.Job, context.Job);
        _batch.AddLabel(_names.Instance, context.Instance);
        foreach (ref readonly var attribute in _attributeLabels.AsSpan())
        {
            var name = _batch.Utf8(attribute.Label.Name);
            if (name.SequenceEqual("job"u8) || name.SequenceEqual("instance"u8)) continue;
            _batch.Labels.Add(attribute.Label);
        }
        var series = _batch.EndSeries(out _);
        if (series < 0) return;
        _batch.AddSample(series, context.LatestMs, 1);
        if (_metadataFamilies.Add("target_info"))
        {
            _batch.Metadata.Add(new MetadataRow
            {
                MetricFamily = _batch.Bytes.Append("target_info"u8),
                Type = MetricType.Gauge,
                Help = _batch.Bytes.Append("Target metadata"u8),
            });
        }
    }
}
