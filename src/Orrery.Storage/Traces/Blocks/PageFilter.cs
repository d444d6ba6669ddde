using System.Text;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// A request's conditions compiled against one block and evaluated on a page's encoded columns,
/// before any span is assembled: literals are resolved to dictionary ids and key slots once per
/// block, resource conditions to one answer per block scope, and each page yields which of its
/// traces have a span that may satisfy the request (every condition for AND requests, any for
/// OR). Only the columns the conditions name are decompressed. Like <see cref="BlockPruner"/> it
/// errs towards "may match"; the caller still evaluates the query exactly.
/// </summary>
internal sealed class PageFilter
{
    private readonly SpanColumnTest[] _tests;
    private readonly bool _all;
    private bool[] _spans = [];
    private bool[] _scratch = [];

    private PageFilter(SpanColumnTest[] tests, bool all)
    {
        _tests = tests;
        _all = all;
    }

    /// <summary>Null when no condition can be judged on the columns (every span may match).</summary>
    public static PageFilter? Compile(FetchSpansRequest request, BlockIndex index)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Conditions.Count == 0) return null;
        var tests = new List<SpanColumnTest>();
        foreach (var condition in request.Conditions)
        {
            var test = Compile(condition, index);
            if (test is SpanColumnTest.Always { Value: true })
            {
                // Under OR one unjudged condition lets every span through; under AND it adds nothing.
                if (!request.AllConditions) return null;
                continue;
            }
            tests.Add(test);
        }
        return tests.Count == 0 ? null : new PageFilter([.. tests], request.AllConditions);
    }

    /// <summary>
    /// True when <see cref="EvaluateSpans"/> decides <paramref name="c"/> exactly, as the TraceQL
    /// evaluator does (not merely "may match"): duration orderings and equality, status and kind
    /// (in)equality, name equality, and equality of a span or resource attribute with a string of
    /// dictionary length, an int or a boolean. Columnar aggregates run only on such conditions.
    /// </summary>
    public static bool IsExact(SpanCondition c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var v = c.Operand;
        var op = c.Operator;
        var ordering = op is ConditionOperator.Equal or ConditionOperator.Less or ConditionOperator.LessOrEqual
            or ConditionOperator.Greater or ConditionOperator.GreaterOrEqual;
        return c.Attribute.Scope switch
        {
            AttributeScope.Intrinsic => c.Attribute.Intrinsic switch
            {
                Traces.Intrinsic.Duration => v.Kind is StaticKind.Duration or StaticKind.Int && ordering,
                Traces.Intrinsic.Status => v.Kind is StaticKind.Status && op is ConditionOperator.Equal or ConditionOperator.NotEqual,
                Traces.Intrinsic.Kind => v.Kind is StaticKind.Kind && op is ConditionOperator.Equal or ConditionOperator.NotEqual,
                Traces.Intrinsic.Name => v.Kind is StaticKind.String && op == ConditionOperator.Equal,
                _ => false,
            },
            // Longer strings are stored inline, and an equality with one is only "may match" on the columns.
            AttributeScope.Span or AttributeScope.Resource => op == ConditionOperator.Equal
                && (v.Kind is StaticKind.Int or StaticKind.Bool
                    || (v.Kind == StaticKind.String && Encoding.UTF8.GetByteCount(v.String ?? "") <= BlockFormat.MaxDictionaryString)),
            _ => false,
        };
    }

    /// <summary>
    /// Per span of the page (in page order), whether it satisfies the request; exact when every
    /// condition is (<see cref="IsExact"/>). Valid until the next call.
    /// </summary>
    public ReadOnlySpan<bool> EvaluateSpans(PageData data, int spanCount)
    {
        Evaluate(data, spanCount);
        return _spans.AsSpan(0, spanCount);
    }

    /// <summary>
    /// Fills <paramref name="traces"/> (one entry per trace of the page, in page order) with
    /// whether the trace has a span that may satisfy the request; returns whether any does.
    /// </summary>
    public bool Evaluate(PageData data, PageInfo page, Span<bool> traces)
    {
        var n = page.SpanCount;
        Evaluate(data, n);
        var spans = _spans.AsSpan(0, n);

        var counts = new ColumnCursor(data.Array(Column.TraceSpanCounts, out var length), length, Column.TraceSpanCounts);
        var at = 0;
        var any = false;
        for (var t = 0; t < traces.Length; t++)
        {
            var count = counts.ReadCount();
            if (count > n - at) throw new InvalidDataException($"trace span counts exceed the page's {n} spans");
            var match = spans.Slice(at, count).Contains(true);
            traces[t] = match;
            any |= match;
            at += count;
        }
        return any;
    }

    private void Evaluate(PageData data, int n)
    {
        if (_spans.Length < n)
        {
            _spans = new bool[n];
            _scratch = new bool[n];
        }
        var spans = _spans.AsSpan(0, n);
        var scratch = _scratch.AsSpan(0, n);
        _tests[0].Evaluate(data, spans);
        for (var t = 1; t < _tests.Length; t++)
        {
            _tests[t].Evaluate(data, scratch);
            if (_all)
            {
                for (var i = 0; i < n; i++) spans[i] &= scratch[i];
            }
            else
            {
                for (var i = 0; i < n; i++) spans[i] |= scratch[i];
            }
        }
    }

    private static SpanColumnTest Compile(SpanCondition c, BlockIndex index)
    {
        var operand = new ConditionOperand(c.Operator, c.Operand, index.Dictionary);
        if (!operand.IsModelled) return new SpanColumnTest.Always(true);
        return c.Attribute.Scope switch
        {
            AttributeScope.Intrinsic => Intrinsic(c, operand),
            AttributeScope.Span => SpanAttribute(c.Attribute.Name, operand, index),
            AttributeScope.Resource => Resource(c.Attribute.Name, operand, index),
            AttributeScope.None => Either(SpanAttribute(c.Attribute.Name, operand, index), Resource(c.Attribute.Name, operand, index)),
            _ => new SpanColumnTest.Always(true),
        };
    }

    private static SpanColumnTest Intrinsic(SpanCondition c, ConditionOperand operand)
    {
        var op = c.Operator;
        var v = c.Operand;
        return c.Attribute.Intrinsic switch
        {
            Traces.Intrinsic.Name when operand.IsString && op != ConditionOperator.Exists => new SpanColumnTest.Name(operand),
            Traces.Intrinsic.StatusMessage when operand.IsString && op != ConditionOperator.Exists => new SpanColumnTest.StatusMessage(operand),
            Traces.Intrinsic.Duration when v.Kind is StaticKind.Duration or StaticKind.Int && op != ConditionOperator.Exists => new SpanColumnTest.Duration(operand),
            Traces.Intrinsic.Status when v.Kind is StaticKind.Status or StaticKind.Int && op is ConditionOperator.Equal or ConditionOperator.NotEqual =>
                new SpanColumnTest.KindOrStatus(status: true, op, v.Int),
            Traces.Intrinsic.Kind when v.Kind is StaticKind.Kind or StaticKind.Int && op is ConditionOperator.Equal or ConditionOperator.NotEqual =>
                new SpanColumnTest.KindOrStatus(status: false, op, v.Int),
            _ => new SpanColumnTest.Always(true),
        };
    }

    private static SpanColumnTest SpanAttribute(string name, ConditionOperand operand, BlockIndex index)
    {
        var id = index.Dictionary.Find(name);
        var slot = id < 0 ? -1 : Array.BinarySearch(index.AttributeKeys, id);
        // A key the block never stores: no span has the attribute.
        return slot < 0 ? new SpanColumnTest.Always(false) : new SpanColumnTest.SpanAttribute(slot, operand);
    }

    private static SpanColumnTest Resource(string name, ConditionOperand operand, BlockIndex index)
    {
        var key = Encoding.UTF8.GetBytes(name);
        var t = index.Tables;
        var byResource = new bool[t.Resources.Count];
        for (var r = 0; r < byResource.Length; r++)
        {
            var attributes = t.Resources[r].Attributes;
            foreach (var kv in t.ResourceAttributes.AsSpan().Slice(attributes.Start, attributes.Count))
            {
                if (t.Utf8(kv.Key).SequenceEqual(key) && operand.MatchesRow(kv.Value, t)) byResource[r] = true;
            }
        }
        var byScope = new bool[t.Scopes.Count];
        var any = false;
        for (var s = 0; s < byScope.Length; s++)
        {
            byScope[s] = byResource[t.Scopes[s].Resource];
            any |= byScope[s];
        }
        return any ? new SpanColumnTest.ByScope(byScope) : new SpanColumnTest.Always(false);
    }

    private static SpanColumnTest Either(SpanColumnTest span, SpanColumnTest resource) => (span, resource) switch
    {
        (SpanColumnTest.Always { Value: false }, _) => resource,
        (_, SpanColumnTest.Always { Value: false }) => span,
        _ => new SpanColumnTest.Either(span, resource),
    };
}
