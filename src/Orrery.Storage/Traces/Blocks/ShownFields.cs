using System.Text;
using Orrery.Signals;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// The fields a columnar search shows on each matching span (<see cref="SpanSearchRequest.Shown"/>),
/// resolved against one block: span attribute keys to key-table slots, resource attributes to one
/// value per block scope. <see cref="Read"/> reads the values of the chosen traces' rows of a page
/// only, passing over the rows between them without decoding them.
/// </summary>
internal sealed class ShownFields
{
    private readonly Field[] _fields;
    private readonly bool _anySpanAttribute;
    private readonly bool _anyIntrinsic;

    private ShownFields(Field[] fields)
    {
        _fields = fields;
        _anySpanAttribute = fields.Any(f => f.SpanSlot >= 0);
        _anyIntrinsic = fields.Any(f => f.Kind != FieldKind.Attribute);
    }

    public int Count => _fields.Length;

    /// <summary>Null when a field cannot be read over columns (the caller then reads rows).</summary>
    public static ShownFields? Compile(IReadOnlyList<AttributeRef> shown, BlockIndex index)
    {
        var fields = new Field[shown.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            var a = shown[i];
            switch (a.Scope)
            {
                case AttributeScope.Span:
                    fields[i] = new Field(FieldKind.Attribute, SlotOf(a.Name, index), null);
                    break;
                case AttributeScope.Resource:
                    fields[i] = new Field(FieldKind.Attribute, -1, ByScope(a.Name, index));
                    break;
                case AttributeScope.None:
                    fields[i] = new Field(FieldKind.Attribute, SlotOf(a.Name, index), ByScope(a.Name, index));
                    break;
                case AttributeScope.Intrinsic when a.Intrinsic == Intrinsic.Status:
                    fields[i] = new Field(FieldKind.Status, -1, null);
                    break;
                case AttributeScope.Intrinsic when a.Intrinsic == Intrinsic.Kind:
                    fields[i] = new Field(FieldKind.Kind, -1, null);
                    break;
                default:
                    return null;
            }
        }
        return new ShownFields(fields);
    }

    /// <summary>A span's resource <c>service.name</c> per block scope (empty when it has none).</summary>
    public static string[] ServiceNames(BlockIndex index)
    {
        var values = ByScope("service.name", index);
        return values.Select(v => v is { Kind: StaticKind.String } s ? s.String! : string.Empty).ToArray();
    }

    /// <summary>
    /// The shown values of each span with <paramref name="wanted"/> set, into <paramref name="values"/>
    /// at <c>span * Count</c>. Only the rows of <paramref name="traces"/> (ascending, not overlapping)
    /// are read; the span attribute columns are passed over in bulk between them
    /// (<see cref="AttributeGroupSkip"/>). Returns false when a wanted value is a string stored
    /// inline (its bytes sit among every inline string of the page, in span order).
    /// </summary>
    public bool Read(
        PageData data, StringTable dictionary, IReadOnlyList<(TraceId Id, int First, int Count)> traces, ReadOnlySpan<bool> wanted,
        ReadOnlySpan<int> scopes, StaticValue?[] values)
    {
        var fields = _fields;
        var kindStatusLength = 0;
        var kindStatus = _anyIntrinsic ? data.Array(Column.KindStatus, out kindStatusLength) : null;
        foreach (var (_, first, count) in traces)
        {
            for (var i = first; i < first + count; i++)
            {
                if (!wanted[i]) continue;
                byte kind = 0, status = 0;
                if (kindStatus is not null)
                {
                    // Two bytes per span: the column is addressed by row.
                    if ((2 * i) + 1 >= kindStatusLength) throw new InvalidDataException("column KindStatus ends early");
                    kind = kindStatus[2 * i];
                    status = kindStatus[(2 * i) + 1];
                }
                for (var f = 0; f < fields.Length; f++)
                {
                    values[(i * fields.Length) + f] = fields[f].Kind switch
                    {
                        FieldKind.Status => new StaticValue(StaticKind.Status, status),
                        FieldKind.Kind => new StaticValue(StaticKind.Kind, kind),
                        _ => fields[f].ByScope is { } byScope ? byScope[scopes[i]] : null,
                    };
                }
            }
        }
        return !_anySpanAttribute || ReadSpanAttributes(data, dictionary, traces, wanted, values);
    }

    /// <summary>Reads the span attributes of the chosen rows; a span's own attribute wins over its resource's.</summary>
    private bool ReadSpanAttributes(
        PageData data, StringTable dictionary, IReadOnlyList<(TraceId Id, int First, int Count)> traces, ReadOnlySpan<bool> wanted,
        StaticValue?[] values)
    {
        var fields = _fields;
        var counts = Open(data, Column.SpanAttrCounts);
        var keys = Open(data, Column.SpanAttrKeys);
        var kinds = Open(data, Column.SpanAttrKinds);
        var strings = Open(data, Column.SpanAttrStrings);
        var ints = Open(data, Column.SpanAttrInts);
        var doubles = Open(data, Column.SpanAttrDoubles);
        var blobs = Open(data, Column.SpanAttrBlobs);
        Span<bool> seen = stackalloc bool[fields.Length];
        var at = 0;
        foreach (var (_, first, count) in traces)
        {
            // Inline string bytes are never read here, so what the skipped ones hold does not matter.
            AttributeGroupSkip.Skip(ref keys, ref kinds, ref strings, ref ints, ref doubles, ref blobs, counts.SumVarInts(first - at));
            at = first + count;
            for (var i = first; i < at; i++)
            {
                var n = counts.ReadCount();
                if (!wanted[i])
                {
                    AttributeGroupSkip.Skip(ref keys, ref kinds, ref strings, ref ints, ref doubles, ref blobs, n);
                    continue;
                }
                seen.Clear();
                for (var a = 0; a < n; a++)
                {
                    var slot = keys.ReadCount();
                    var kind = (ValueKind)kinds.ReadByte();
                    StaticValue? value = null;
                    var inline = false;
                    switch (kind)
                    {
                        case ValueKind.Empty:
                            break;
                        case ValueKind.String:
                            var reference = strings.ReadVarUInt();
                            if ((reference & 1) != 0) inline = true;
                            else value = StaticValue.Of(dictionary.GetString(checked((int)(reference >> 1))));
                            break;
                        case ValueKind.Int:
                            value = StaticValue.Of(ints.ReadVarInt());
                            break;
                        case ValueKind.Bool:
                            value = StaticValue.Of(ints.ReadVarInt() != 0);
                            break;
                        case ValueKind.Double:
                            value = StaticValue.Of(BitConverter.Int64BitsToDouble((long)doubles.ReadUInt64()));
                            break;
                        default:
                            blobs.Take(blobs.ReadCount());
                            value = new StaticValue(StaticKind.None);
                            break;
                    }
                    for (var f = 0; f < fields.Length; f++)
                    {
                        // The first attribute with the key is the span's value, as a row lookup finds it.
                        if (fields[f].SpanSlot != slot || seen[f]) continue;
                        seen[f] = true;
                        if (inline) return false;
                        values[(i * fields.Length) + f] = value;
                    }
                }
            }
        }
        return true;
    }

    private static ColumnCursor Open(PageData data, Column c) => new(data.Array(c, out var length), length, c);

    private static int SlotOf(string name, BlockIndex index)
    {
        var id = index.Dictionary.Find(name);
        var slot = id < 0 ? -1 : Array.BinarySearch(index.AttributeKeys, id);
        return slot < 0 ? -1 : slot;
    }

    /// <summary>The resource attribute's value per block scope (the first with the key, as a row lookup finds it).</summary>
    private static StaticValue?[] ByScope(string name, BlockIndex index)
    {
        var key = Encoding.UTF8.GetBytes(name);
        var t = index.Tables;
        var byResource = new StaticValue?[t.Resources.Count];
        for (var r = 0; r < byResource.Length; r++)
        {
            var attributes = t.Resources[r].Attributes;
            foreach (var kv in t.ResourceAttributes.AsSpan().Slice(attributes.Start, attributes.Count))
            {
                if (!t.Utf8(kv.Key).SequenceEqual(key)) continue;
                byResource[r] = ValueOf(kv.Value, t);
                break;
            }
        }
        var byScope = new StaticValue?[t.Scopes.Count];
        for (var s = 0; s < byScope.Length; s++) byScope[s] = byResource[t.Scopes[s].Resource];
        return byScope;
    }

    private static StaticValue? ValueOf(in AnyValueRow v, Signals.Traces.SpanBatch tables) => v.Kind switch
    {
        ValueKind.Empty => null,
        ValueKind.String => StaticValue.Of(Encoding.UTF8.GetString(tables.Utf8(v.Bytes))),
        ValueKind.Int => StaticValue.Of(v.AsInt),
        ValueKind.Bool => StaticValue.Of(v.AsBool),
        ValueKind.Double => StaticValue.Of(v.AsDouble),
        _ => new StaticValue(StaticKind.None),
    };

    private enum FieldKind : byte
    {
        Attribute,
        Status,
        Kind,
    }

    /// <param name="SpanSlot">The span attribute's key slot; -1 when not a span attribute or the block has no such key.</param>
    /// <param name="ByScope">The resource attribute's value per block scope (resource and unscoped fields).</param>
    private readonly record struct Field(FieldKind Kind, int SpanSlot, StaticValue?[]? ByScope);
}
