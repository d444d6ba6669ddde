using System.Text;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// Decides from the index alone whether a block, or one page, can hold a span satisfying a
/// request's conditions. It answers "cannot" only when that is certain; anything it does not
/// understand may match. Intrinsics prune per page; span, event and link attributes per block
/// (tag index); resource attributes per page (the page's scopes lead to its resources).
/// </summary>
internal sealed class BlockPruner
{
    private readonly BlockIndex _index;
    private readonly PageInfo _block;

    public BlockPruner(BlockIndex index)
    {
        _index = index;
        _block = Aggregate(index.Pages);
    }

    /// <summary>The block-wide summary: what the pages hold together.</summary>
    public PageInfo Block => _block;

    /// <param name="page">The page to test, or null for the whole block.</param>
    public bool MayMatch(FetchSpansRequest request, PageInfo? page)
    {
        if (request.Conditions.Count == 0) return true;
        var p = page ?? _block;
        foreach (var c in request.Conditions)
        {
            var may = MayMatch(c, p);
            if (request.AllConditions && !may) return false;
            if (!request.AllConditions && may) return true;
        }
        return request.AllConditions;
    }

    private bool MayMatch(SpanCondition c, PageInfo page) => c.Attribute.Scope switch
    {
        AttributeScope.Intrinsic => IntrinsicMayMatch(c, page),
        AttributeScope.Resource => ResourceMayMatch(c, page),
        AttributeScope.Span or AttributeScope.Event or AttributeScope.Link => TagMayMatch(c.Attribute.Scope, c),
        AttributeScope.None => TagMayMatch(AttributeScope.Span, c) || ResourceMayMatch(c, page),
        _ => true,
    };

    private bool IntrinsicMayMatch(SpanCondition c, PageInfo page)
    {
        var op = c.Operator;
        var v = c.Operand;
        switch (c.Attribute.Intrinsic)
        {
            case Intrinsic.Name when op == ConditionOperator.Equal && v.Kind == StaticKind.String:
                var id = _index.Dictionary.Find(v.String ?? "");
                return id >= 0 && Array.BinarySearch(page.NameIds, id) >= 0;
            case Intrinsic.Status when v.Kind is StaticKind.Status or StaticKind.Int:
                return MaskMayMatch(page.StatusMask, op, v.Int);
            case Intrinsic.Kind when v.Kind is StaticKind.Kind or StaticKind.Int:
                return MaskMayMatch(page.KindMask, op, v.Int);
            case Intrinsic.Duration when v.Kind is StaticKind.Duration or StaticKind.Int:
                return op switch
                {
                    ConditionOperator.Greater => page.MaxDuration > v.Int,
                    ConditionOperator.GreaterOrEqual => page.MaxDuration >= v.Int,
                    ConditionOperator.Less => page.MinDuration < v.Int,
                    ConditionOperator.LessOrEqual => page.MinDuration <= v.Int,
                    ConditionOperator.Equal => page.MinDuration <= v.Int && v.Int <= page.MaxDuration,
                    _ => true,
                };
            case Intrinsic.ScopeName or Intrinsic.ScopeVersion when op == ConditionOperator.Equal && v.Kind == StaticKind.String:
                var wanted = Encoding.UTF8.GetBytes(v.String ?? "");
                var t = _index.Tables;
                foreach (var s in page.ScopeIds)
                {
                    var field = c.Attribute.Intrinsic == Intrinsic.ScopeName ? t.Scopes[s].Name : t.Scopes[s].Version;
                    if (t.Utf8(field).SequenceEqual(wanted)) return true;
                }
                return false;
            default:
                return true;
        }
    }

    private static bool MaskMayMatch(byte mask, ConditionOperator op, long value)
    {
        if (value is < 0 or > 255) return op != ConditionOperator.Equal;
        var bit = PageWriter.MaskBit((byte)value);
        // Bit 7 stands for every value of 7 or more, so it never proves a specific one absent.
        return op switch
        {
            ConditionOperator.Equal => (mask & bit) != 0,
            ConditionOperator.NotEqual => (mask & ~bit) != 0 || (mask & 0x80) != 0,
            _ => true,
        };
    }

    private bool ResourceMayMatch(SpanCondition c, PageInfo page)
    {
        if (c.Operator is not (ConditionOperator.Exists or ConditionOperator.Equal)) return true;
        if (c.Operator == ConditionOperator.Equal && !ValueMatcher.CanCompare(c.Operand)) return true;
        var key = Encoding.UTF8.GetBytes(c.Attribute.Name);
        var t = _index.Tables;
        var operand = ValueMatcher.Create(c.Operand);
        foreach (var s in page.ScopeIds)
        {
            var attributes = t.Resources[t.Scopes[s].Resource].Attributes;
            foreach (var kv in t.ResourceAttributes.AsSpan().Slice(attributes.Start, attributes.Count))
            {
                if (!t.Utf8(kv.Key).SequenceEqual(key)) continue;
                if (c.Operator == ConditionOperator.Exists || operand.Matches(kv.Value, t)) return true;
            }
        }
        return false;
    }

    private bool TagMayMatch(AttributeScope scope, SpanCondition c)
    {
        if (c.Operator is not (ConditionOperator.Exists or ConditionOperator.Equal)) return true;
        if (c.Operator == ConditionOperator.Equal && !ValueMatcher.CanCompare(c.Operand)) return true;
        var key = _index.Dictionary.Find(c.Attribute.Name);
        if (key < 0) return false;
        var entry = _index.Tags.Find(scope, key);
        if (entry is null) return false;
        if (c.Operator == ConditionOperator.Exists) return true;

        var v = c.Operand;
        if (v.Kind == StaticKind.String)
        {
            var bytes = Encoding.UTF8.GetBytes(v.String ?? "");
            if (bytes.Length > BlockFormat.MaxDictionaryString) return entry.Has(TagIndexBuilder.EntryFlags.LongStrings);
            var id = _index.Dictionary.Find(bytes);
            return id >= 0 && Array.BinarySearch(entry.Strings, id) >= 0;
        }
        if (entry.Has(TagIndexBuilder.EntryFlags.ScalarOverflow)) return true;
        var operand = ValueMatcher.Create(v);
        foreach (var (kind, scalar) in entry.Scalars)
        {
            if (operand.Matches(new AnyValueRow { Kind = kind, Scalar = scalar }, _index.Tables)) return true;
        }
        return false;
    }

    private static PageInfo Aggregate(PageInfo[] pages)
    {
        var names = new SortedSet<int>();
        var scopes = new SortedSet<int>();
        var block = new PageInfo { MinDuration = long.MaxValue, MaxDuration = long.MinValue };
        foreach (var p in pages)
        {
            block.KindMask |= p.KindMask;
            block.StatusMask |= p.StatusMask;
            block.MinDuration = Math.Min(block.MinDuration, p.MinDuration);
            block.MaxDuration = Math.Max(block.MaxDuration, p.MaxDuration);
            names.UnionWith(p.NameIds);
            scopes.UnionWith(p.ScopeIds);
        }
        block.NameIds = [.. names];
        block.ScopeIds = [.. scopes];
        return block;
    }
}
