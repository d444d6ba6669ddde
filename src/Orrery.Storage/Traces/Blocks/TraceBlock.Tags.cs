using System.Globalization;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>Tag names and values, answered from the index without reading pages.</summary>
public sealed partial class TraceBlock
{
    /// <summary>Adds the block's attribute names of a scope to <paramref name="names"/>.</summary>
    /// <remarks>Unscoped means span and resource attributes; intrinsics are fixed and not listed here.</remarks>
    public void CollectTagNames(AttributeScope scope, ISet<string> names, int limit)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var (s, key) in _index.Tags.Keys)
        {
            if (names.Count >= limit) return;
            if (s == scope || (scope == AttributeScope.None && s is AttributeScope.Span or AttributeScope.Resource))
                names.Add(_index.Dictionary.GetString(key));
        }
    }

    /// <summary>Adds the block's distinct values of <paramref name="tag"/> to <paramref name="values"/>.</summary>
    /// <remarks>Strings longer than the dictionary limit and scalars of keys with too many distinct values are not listed.</remarks>
    public void CollectTagValues(AttributeRef tag, ISet<TagValue> values, int limit)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (tag.Scope == AttributeScope.Intrinsic)
        {
            CollectIntrinsicValues(tag.Intrinsic, values, limit);
            return;
        }
        var key = _index.Dictionary.Find(tag.Name);
        if (key < 0) return;
        if (tag.Scope == AttributeScope.None)
        {
            CollectAttributeValues(AttributeScope.Span, key, values, limit);
            CollectAttributeValues(AttributeScope.Resource, key, values, limit);
            return;
        }
        CollectAttributeValues(tag.Scope, key, values, limit);
    }

    private void CollectAttributeValues(AttributeScope scope, int key, ISet<TagValue> values, int limit)
    {
        var entry = _index.Tags.Find(scope, key);
        if (entry is null) return;
        foreach (var id in entry.Strings)
        {
            if (values.Count >= limit) return;
            values.Add(new TagValue("string", _index.Dictionary.GetString(id)));
        }
        foreach (var (kind, scalar) in entry.Scalars)
        {
            if (values.Count >= limit) return;
            var v = new AnyValueRow { Kind = kind, Scalar = scalar };
            values.Add(kind switch
            {
                ValueKind.Int => new TagValue("int", v.AsInt.ToString(CultureInfo.InvariantCulture)),
                ValueKind.Double => new TagValue("float", v.AsDouble.ToString("R", CultureInfo.InvariantCulture)),
                _ => new TagValue("bool", v.AsBool ? "true" : "false"),
            });
        }
    }

    private void CollectIntrinsicValues(Intrinsic intrinsic, ISet<TagValue> values, int limit)
    {
        var block = _pruner.Block;
        switch (intrinsic)
        {
            case Intrinsic.Name:
                foreach (var id in block.NameIds)
                {
                    if (values.Count >= limit) return;
                    values.Add(new TagValue("string", _index.Dictionary.GetString(id)));
                }
                break;
            case Intrinsic.Status:
                AddMask(block.StatusMask, values, limit, "status", static v => ((StatusCode)v).ToString().ToLowerInvariant());
                break;
            case Intrinsic.Kind:
                AddMask(block.KindMask, values, limit, "kind", static v => ((SpanKind)v).ToString().ToLowerInvariant());
                break;
            case Intrinsic.ScopeName or Intrinsic.ScopeVersion:
                var t = _index.Tables;
                foreach (var s in block.ScopeIds)
                {
                    if (values.Count >= limit) return;
                    var field = intrinsic == Intrinsic.ScopeName ? t.Scopes[s].Name : t.Scopes[s].Version;
                    if (!field.IsEmpty) values.Add(new TagValue("string", t.String(field)));
                }
                break;
        }
    }

    private static void AddMask(byte mask, ISet<TagValue> values, int limit, string type, Func<byte, string> name)
    {
        for (byte v = 0; v < 7; v++)
        {
            if (values.Count >= limit) return;
            if ((mask & (1 << v)) != 0) values.Add(new TagValue(type, name(v)));
        }
    }
}
