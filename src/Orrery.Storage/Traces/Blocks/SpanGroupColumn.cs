using System.Text;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// The by() field of a columnar aggregate, read from a page's columns: for each span of the page,
/// its group. Values are resolved to groups once per block (per dictionary id, scope or status
/// byte), not per span.
/// </summary>
internal abstract class SpanGroupColumn
{
    /// <summary>Fills <paramref name="groups"/> with each span's group, in page order.</summary>
    public abstract void Resolve(PageData data, Span<SpanAggregateGroup> groups);

    /// <summary>Null when this block cannot give every span's value from its columns alone (the block then falls back to rows).</summary>
    public static SpanGroupColumn? Compile(AttributeRef? by, BlockIndex index, SpanAggregation into)
    {
        if (by is not { } field) return new Single(into.Group(default));
        return field.Scope switch
        {
            AttributeScope.Intrinsic => field.Intrinsic switch
            {
                Intrinsic.Name => new Name(index, into),
                Intrinsic.Status => new KindOrStatus(status: true, into),
                Intrinsic.Kind => new KindOrStatus(status: false, into),
                _ => null,
            },
            AttributeScope.Resource => new ByScope(field.Name, index, into),
            AttributeScope.Span => SpanAttribute.Compile(field.Name, index, into),
            _ => null,
        };
    }

    /// <summary>A value of an index table as a group value; kinds without a TraceQL type are nil.</summary>
    private static StaticValue ValueOf(in AnyValueRow value, SpanBatch tables) => value.Kind switch
    {
        ValueKind.String => StaticValue.Of(tables.String(value.Bytes)),
        ValueKind.Int => StaticValue.Of(value.AsInt),
        ValueKind.Double => StaticValue.Of(value.AsDouble),
        ValueKind.Bool => StaticValue.Of(value.Scalar != 0),
        _ => default,
    };

    private static ColumnCursor Open(PageData data, Column c) => new(data.Array(c, out var length), length, c);

    private sealed class Single(SpanAggregateGroup group) : SpanGroupColumn
    {
        public override void Resolve(PageData data, Span<SpanAggregateGroup> groups) => groups.Fill(group);
    }

    private sealed class Name(BlockIndex index, SpanAggregation into) : SpanGroupColumn
    {
        private readonly Dictionary<int, SpanAggregateGroup> _byId = [];

        public override void Resolve(PageData data, Span<SpanAggregateGroup> groups)
        {
            var names = Open(data, Column.Names);
            var lastId = -1;
            SpanAggregateGroup? last = null;
            for (var i = 0; i < groups.Length; i++)
            {
                var id = names.ReadCount();
                if (id != lastId || last is null)
                {
                    if (!_byId.TryGetValue(id, out last))
                    {
                        if ((uint)id >= (uint)index.Dictionary.Count) throw new InvalidDataException($"name id {id} outside the dictionary");
                        last = into.Group(StaticValue.Of(index.Dictionary.GetString(id)));
                        _byId.Add(id, last);
                    }
                    lastId = id;
                }
                groups[i] = last;
            }
        }
    }

    private sealed class KindOrStatus(bool status, SpanAggregation into) : SpanGroupColumn
    {
        private readonly SpanAggregateGroup?[] _byValue = new SpanAggregateGroup?[256];

        public override void Resolve(PageData data, Span<SpanAggregateGroup> groups)
        {
            var pairs = Open(data, Column.KindStatus);
            for (var i = 0; i < groups.Length; i++)
            {
                var kind = pairs.ReadByte();
                var code = pairs.ReadByte();
                var v = status ? code : kind;
                groups[i] = _byValue[v] ??= into.Group(new StaticValue(status ? StaticKind.Status : StaticKind.Kind, v));
            }
        }
    }

    /// <summary>A resource attribute: one group per block scope, decided when the block is opened for the aggregate.</summary>
    private sealed class ByScope : SpanGroupColumn
    {
        private readonly SpanAggregateGroup[] _byScope;

        public ByScope(string name, BlockIndex index, SpanAggregation into)
        {
            var key = Encoding.UTF8.GetBytes(name);
            var t = index.Tables;
            var byResource = new SpanAggregateGroup[t.Resources.Count];
            for (var r = 0; r < byResource.Length; r++)
            {
                var value = default(StaticValue);
                var attributes = t.Resources[r].Attributes;
                foreach (var kv in t.ResourceAttributes.AsSpan().Slice(attributes.Start, attributes.Count))
                {
                    // The first of duplicate keys wins, as SpanBatch.FindResourceAttribute reads it.
                    if (!t.Utf8(kv.Key).SequenceEqual(key)) continue;
                    value = ValueOf(kv.Value, t);
                    break;
                }
                byResource[r] = into.Group(value);
            }
            _byScope = new SpanAggregateGroup[t.Scopes.Count];
            for (var s = 0; s < _byScope.Length; s++) _byScope[s] = byResource[t.Scopes[s].Resource];
        }

        public override void Resolve(PageData data, Span<SpanAggregateGroup> groups)
        {
            var scopes = Open(data, Column.Scopes);
            for (var i = 0; i < groups.Length; i++)
            {
                var s = scopes.ReadCount();
                if ((uint)s >= (uint)_byScope.Length) throw new InvalidDataException($"scope {s} out of range");
                groups[i] = _byScope[s];
            }
        }
    }

    /// <summary>A span attribute: walks the key and kind columns and the value columns of the kinds present.</summary>
    private sealed class SpanAttribute(int slot, BlockIndex index, SpanAggregation into) : SpanGroupColumn
    {
        private readonly Dictionary<int, SpanAggregateGroup> _strings = [];
        private readonly Dictionary<(ValueKind, long), SpanAggregateGroup> _scalars = [];
        private readonly SpanAggregateGroup _nil = into.Group(default);

        public static SpanGroupColumn? Compile(string name, BlockIndex index, SpanAggregation into)
        {
            var id = index.Dictionary.Find(name);
            var slot = id < 0 ? -1 : Array.BinarySearch(index.AttributeKeys, id);
            if (slot < 0) return new Single(into.Group(default));
            // An inline (too long) string value is not addressable from the string column alone.
            var entry = index.Tags.Find(AttributeScope.Span, id);
            if (entry is null || entry.Has(TagIndexBuilder.EntryFlags.LongStrings)) return null;
            return new SpanAttribute(slot, index, into);
        }

        public override void Resolve(PageData data, Span<SpanAggregateGroup> groups)
        {
            var counts = Open(data, Column.SpanAttrCounts);
            var keys = Open(data, Column.SpanAttrKeys);
            var kinds = Open(data, Column.SpanAttrKinds);
            var strings = Open(data, Column.SpanAttrStrings);
            var ints = Open(data, Column.SpanAttrInts);
            var doubles = Open(data, Column.SpanAttrDoubles);
            for (var i = 0; i < groups.Length; i++)
            {
                var n = counts.ReadCount();
                SpanAggregateGroup? group = null;
                for (var a = 0; a < n; a++)
                {
                    var mine = keys.ReadCount() == slot && group is null;
                    var kind = (ValueKind)kinds.ReadByte();
                    switch (kind)
                    {
                        case ValueKind.String:
                            var reference = strings.ReadVarUInt();
                            if (!mine) break;
                            if ((reference & 1) != 0) throw new InvalidDataException("inline string in a key the tag index lists without long strings");
                            group = StringGroup((int)(reference >> 1));
                            break;
                        case ValueKind.Int or ValueKind.Bool:
                            var scalar = ints.ReadVarInt();
                            if (mine) group = ScalarGroup(kind, scalar);
                            break;
                        case ValueKind.Double:
                            var bits = (long)doubles.ReadUInt64();
                            if (mine) group = ScalarGroup(kind, bits);
                            break;
                        default:
                            // Bytes, arrays and key-value lists read as nil (their bodies are in the blob column, not read).
                            if (mine) group = _nil;
                            break;
                    }
                }
                groups[i] = group ?? _nil;
            }
        }

        private SpanAggregateGroup StringGroup(int id)
        {
            if (_strings.TryGetValue(id, out var group)) return group;
            if ((uint)id >= (uint)index.Dictionary.Count) throw new InvalidDataException($"string id {id} outside the dictionary");
            group = into.Group(StaticValue.Of(index.Dictionary.GetString(id)));
            _strings.Add(id, group);
            return group;
        }

        private SpanAggregateGroup ScalarGroup(ValueKind kind, long scalar)
        {
            if (_scalars.TryGetValue((kind, scalar), out var group)) return group;
            var value = kind switch
            {
                ValueKind.Int => StaticValue.Of(scalar),
                ValueKind.Bool => StaticValue.Of(scalar != 0),
                _ => StaticValue.Of(BitConverter.Int64BitsToDouble(scalar)),
            };
            group = into.Group(value);
            _scalars.Add((kind, scalar), group);
            return group;
        }
    }
}
