using System.Globalization;
using System.Text;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Storage.Traces.Embedded;

/// <summary>
/// The distinct attribute names and values of a head part, so the tag APIs answer without
/// scanning spans. Bounded: at most <see cref="MaxNamesPerScope"/> names per scope and
/// <see cref="MaxValuesPerName"/> values per name; strings longer than
/// <see cref="MaxStringBytes"/> are not offered as values. Time ranges are not tracked: a head
/// part covers minutes, so its values are reported for any range that overlaps the part.
/// </summary>
internal sealed class HeadTagIndex
{
    /// <summary>10k: far above the attribute keys any real workload uses, low enough to bound a cardinality explosion.</summary>
    public const int MaxNamesPerScope = 10_000;

    /// <summary>10k values per name: a tag-value dropdown is useless beyond that, and the memory stays bounded.</summary>
    public const int MaxValuesPerName = 10_000;

    /// <summary>Longer strings (URLs, SQL) are not useful as tag values; 256 bytes also bounds the stack buffer.</summary>
    public const int MaxStringBytes = 256;

    private static readonly string[] StatusNames = ["unset", "ok", "error"];
    private static readonly string[] KindNames = ["unspecified", "internal", "server", "client", "producer", "consumer"];

    private readonly Lock _sync = new();
    private readonly Dictionary<string, TagValueSet> _resource = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TagValueSet> _span = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TagValueSet> _event = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TagValueSet> _link = new(StringComparer.Ordinal);
    private readonly TagValueSet _spanNames = new();
    private int _statusMask;
    private int _kindMask;

    public void Add(SpanBatch batch)
    {
        lock (_sync)
        {
            foreach (ref readonly var r in batch.Resources.AsSpan()) AddAttributes(_resource, batch, batch.ResourceAttributes, r.Attributes);
            foreach (ref readonly var s in batch.Spans.AsSpan())
            {
                AddAttributes(_span, batch, batch.SpanAttributes, s.Attributes);
                _spanNames.AddString(batch.Utf8(s.Name));
                _statusMask |= 1 << ((int)s.StatusCode & 31);
                _kindMask |= 1 << ((int)s.Kind & 31);
            }
            foreach (ref readonly var e in batch.Events.AsSpan()) AddAttributes(_event, batch, batch.EventAttributes, e.Attributes);
            foreach (ref readonly var l in batch.Links.AsSpan()) AddAttributes(_link, batch, batch.LinkAttributes, l.Attributes);
        }
    }

    public void CollectNames(AttributeScope scope, ISet<string> names, int limit)
    {
        lock (_sync)
        {
            foreach (var table in Tables(scope))
            {
                foreach (var name in table.Keys)
                {
                    if (names.Count >= limit) return;
                    names.Add(name);
                }
            }
        }
    }

    public void CollectValues(AttributeRef tag, ISet<TagValue> values, int limit)
    {
        lock (_sync)
        {
            if (tag.Scope == AttributeScope.Intrinsic)
            {
                CollectIntrinsic(tag.Intrinsic, values, limit);
                return;
            }
            foreach (var table in Tables(tag.Scope))
            {
                if (table.TryGetValue(tag.Name, out var set)) set.CollectInto(values, limit);
            }
        }
    }

    private void CollectIntrinsic(Intrinsic intrinsic, ISet<TagValue> values, int limit)
    {
        switch (intrinsic)
        {
            case Intrinsic.Name:
                _spanNames.CollectInto(values, limit);
                break;
            case Intrinsic.Status:
                CollectMask(_statusMask, StatusNames, values, limit);
                break;
            case Intrinsic.Kind:
                CollectMask(_kindMask, KindNames, values, limit);
                break;
        }
    }

    private static void CollectMask(int mask, string[] names, ISet<TagValue> values, int limit)
    {
        for (var i = 0; i < names.Length && values.Count < limit; i++)
        {
            if ((mask & (1 << i)) != 0) values.Add(new TagValue("keyword", names[i]));
        }
    }

    private IEnumerable<Dictionary<string, TagValueSet>> Tables(AttributeScope scope)
    {
        switch (scope)
        {
            case AttributeScope.Resource:
                yield return _resource;
                break;
            case AttributeScope.Span:
                yield return _span;
                break;
            case AttributeScope.Event:
                yield return _event;
                break;
            case AttributeScope.Link:
                yield return _link;
                break;
            case AttributeScope.None:
                yield return _span;
                yield return _resource;
                break;
        }
    }

    private static void AddAttributes(Dictionary<string, TagValueSet> table, SpanBatch batch, RowList<KeyValueRow> attributes, RowRange range)
    {
        if (range.Count == 0) return;
        var lookup = table.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> chars = stackalloc char[MaxStringBytes];
        foreach (ref readonly var kv in attributes.AsSpan().Slice(range.Start, range.Count))
        {
            var key = batch.Utf8(kv.Key);
            if (key.Length > MaxStringBytes) continue;
            var keyChars = chars[..Encoding.UTF8.GetChars(key, chars)];
            if (!lookup.TryGetValue(keyChars, out var set))
            {
                if (table.Count >= MaxNamesPerScope) continue;
                set = new TagValueSet();
                lookup[keyChars] = set;
            }
            set.Add(kv.Value, batch);
        }
    }

    /// <summary>The distinct values of one name, by type, capped at <see cref="MaxValuesPerName"/>.</summary>
    private sealed class TagValueSet
    {
        private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
        private readonly HashSet<long> _ints = new();
        private readonly HashSet<long> _doubleBits = new();
        private bool _true;
        private bool _false;

        private int Count => _strings.Count + _ints.Count + _doubleBits.Count + (_true ? 1 : 0) + (_false ? 1 : 0);

        public void Add(in AnyValueRow value, SpanBatch batch)
        {
            switch (value.Kind)
            {
                case ValueKind.String:
                    AddString(batch.Utf8(value.Bytes));
                    break;
                case ValueKind.Int:
                    if (Count < MaxValuesPerName) _ints.Add(value.Scalar);
                    break;
                case ValueKind.Double:
                    if (Count < MaxValuesPerName) _doubleBits.Add(value.Scalar);
                    break;
                case ValueKind.Bool:
                    if (value.AsBool) _true = true;
                    else _false = true;
                    break;
            }
        }

        public void AddString(ReadOnlySpan<byte> utf8)
        {
            if (utf8.Length > MaxStringBytes || Count >= MaxValuesPerName) return;
            Span<char> chars = stackalloc char[MaxStringBytes];
            var text = chars[..Encoding.UTF8.GetChars(utf8, chars)];
            var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.Contains(text)) lookup.Add(text);
        }

        public void CollectInto(ISet<TagValue> values, int limit)
        {
            foreach (var s in _strings)
            {
                if (values.Count >= limit) return;
                values.Add(new TagValue("string", s));
            }
            foreach (var i in _ints)
            {
                if (values.Count >= limit) return;
                values.Add(new TagValue("int", i.ToString(CultureInfo.InvariantCulture)));
            }
            foreach (var d in _doubleBits)
            {
                if (values.Count >= limit) return;
                values.Add(new TagValue("float", BitConverter.Int64BitsToDouble(d).ToString("R", CultureInfo.InvariantCulture)));
            }
            if (_true && values.Count < limit) values.Add(new TagValue("bool", "true"));
            if (_false && values.Count < limit) values.Add(new TagValue("bool", "false"));
        }
    }
}
