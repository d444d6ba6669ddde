using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;

namespace Orrery.Query.Traces;

/// <summary>
/// A <see cref="SpanCondition"/> prepared for evaluation over batches: the attribute name and
/// string operand as UTF-8 (so matching compares arena bytes without decoding) and the regex
/// compiled once. Semantics follow TraceQL: a missing attribute satisfies no operator (not even
/// <c>!=</c>); numbers compare across int and double; strings only match strings.
/// </summary>
internal sealed class CompiledCondition
{
    // User-supplied patterns: NonBacktracking keeps matching linear in the input.
    private const RegexOptions PatternOptions = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    private readonly SpanCondition _condition;
    private readonly byte[] _name;
    private readonly byte[] _operandUtf8;
    private readonly Regex? _regex;

    public CompiledCondition(SpanCondition condition)
    {
        _condition = condition;
        _name = Encoding.UTF8.GetBytes(condition.Attribute.Name);
        _operandUtf8 = Encoding.UTF8.GetBytes(condition.Operand.String ?? string.Empty);
        if (condition.Operator is ConditionOperator.Regex or ConditionOperator.NotRegex)
        {
            // TraceQL regexes are anchored, as in Prometheus.
            _regex = new Regex("^(?:" + (condition.Operand.String ?? string.Empty) + ")$", PatternOptions);
        }
    }

    public bool Matches(SpanBatch batch, int row)
    {
        var attribute = _condition.Attribute;
        switch (attribute.Scope)
        {
            case AttributeScope.Intrinsic:
                return MatchIntrinsic(batch, row, attribute.Intrinsic);
            case AttributeScope.Span:
                return MatchAttribute(batch, batch.FindSpanAttribute(row, _name), batch.SpanAttributes);
            case AttributeScope.Resource:
                return MatchAttribute(batch, batch.FindResourceAttribute(row, _name), batch.ResourceAttributes);
            case AttributeScope.None:
                // Unscoped: the span's own attribute wins; the resource's is the fallback.
                var s = batch.FindSpanAttribute(row, _name);
                return s >= 0
                    ? MatchAttribute(batch, s, batch.SpanAttributes)
                    : MatchAttribute(batch, batch.FindResourceAttribute(row, _name), batch.ResourceAttributes);
            case AttributeScope.Event:
                return MatchEvents(batch, row);
            case AttributeScope.Link:
                return MatchLinks(batch, row);
            default:
                return false;
        }
    }

    private bool MatchAttribute(SpanBatch batch, int index, RowList<KeyValueRow> table)
    {
        if (index < 0) return false;
        if (_condition.Operator == ConditionOperator.Exists) return true;
        return MatchValue(batch, table[index].Value);
    }

    private bool MatchEvents(SpanBatch batch, int row)
    {
        var events = batch.Spans[row].Events;
        for (var e = events.Start; e < events.End; e++)
        {
            if (MatchAny(batch, batch.EventAttributes, batch.Events[e].Attributes)) return true;
        }
        return false;
    }

    private bool MatchLinks(SpanBatch batch, int row)
    {
        var links = batch.Spans[row].Links;
        for (var l = links.Start; l < links.End; l++)
        {
            if (MatchAny(batch, batch.LinkAttributes, batch.Links[l].Attributes)) return true;
        }
        return false;
    }

    private bool MatchAny(SpanBatch batch, RowList<KeyValueRow> table, RowRange range)
    {
        for (var i = range.Start; i < range.End; i++)
        {
            if (!batch.Bytes.Get(table[i].Key).SequenceEqual(_name)) continue;
            if (_condition.Operator == ConditionOperator.Exists || MatchValue(batch, table[i].Value)) return true;
        }
        return false;
    }

    private bool MatchValue(SpanBatch batch, in AnyValueRow value)
    {
        var operand = _condition.Operand;
        switch (operand.Kind)
        {
            case StaticKind.String:
                return value.Kind == ValueKind.String && MatchString(batch.Bytes.Get(value.Bytes));
            case StaticKind.Bool:
                return value.Kind == ValueKind.Bool && MatchOrder(value.AsBool.CompareTo(operand.Int != 0));
            case StaticKind.Int:
            case StaticKind.Duration:
                if (value.Kind == ValueKind.Int) return MatchOrder(value.AsInt.CompareTo(operand.Int));
                return value.Kind == ValueKind.Double && MatchOrder(value.AsDouble.CompareTo((double)operand.Int));
            case StaticKind.Double:
                if (value.Kind == ValueKind.Double) return MatchOrder(value.AsDouble.CompareTo(operand.Double));
                return value.Kind == ValueKind.Int && MatchOrder(((double)value.AsInt).CompareTo(operand.Double));
            default:
                return false;
        }
    }

    private bool MatchIntrinsic(SpanBatch batch, int row, Intrinsic intrinsic)
    {
        ref var span = ref batch.Spans[row];
        var operand = _condition.Operand;
        if (_condition.Operator == ConditionOperator.Exists) return true;
        switch (intrinsic)
        {
            case Intrinsic.Name:
                return MatchString(batch.Bytes.Get(span.Name));
            case Intrinsic.StatusMessage:
                return MatchString(batch.Bytes.Get(span.StatusMessage));
            case Intrinsic.ScopeName:
                return MatchString(batch.Bytes.Get(batch.ScopeOf(row).Name));
            case Intrinsic.ScopeVersion:
                return MatchString(batch.Bytes.Get(batch.ScopeOf(row).Version));
            case Intrinsic.Duration:
                return operand.Kind is StaticKind.Duration or StaticKind.Int && MatchOrder(span.DurationNano.CompareTo(operand.Int));
            case Intrinsic.Status:
                return operand.Kind is StaticKind.Status or StaticKind.Int && MatchOrder(((long)span.StatusCode).CompareTo(operand.Int));
            case Intrinsic.Kind:
                return operand.Kind is StaticKind.Kind or StaticKind.Int && MatchOrder(((long)span.Kind).CompareTo(operand.Int));
            case Intrinsic.TraceId:
                return MatchHex(span.TraceId.ToHex());
            case Intrinsic.SpanId:
                return MatchHex(span.SpanId.ToHex());
            case Intrinsic.ParentSpanId:
                return MatchHex(span.ParentSpanId.ToHex());
            default:
                return false;
        }
    }

    private bool MatchHex(string hex) =>
        _condition.Operand.Kind == StaticKind.String && MatchString(Encoding.ASCII.GetBytes(hex));

    private bool MatchString(ReadOnlySpan<byte> utf8)
    {
        if (_condition.Operand.Kind != StaticKind.String) return false;
        if (_regex is null) return MatchOrder(utf8.SequenceCompareTo(_operandUtf8));
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(utf8.Length));
        try
        {
            var n = Encoding.UTF8.GetChars(utf8, chars);
            var isMatch = _regex.IsMatch(chars.AsSpan(0, n));
            return _condition.Operator == ConditionOperator.Regex ? isMatch : !isMatch;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private bool MatchOrder(int comparison) => _condition.Operator switch
    {
        ConditionOperator.Equal => comparison == 0,
        ConditionOperator.NotEqual => comparison != 0,
        ConditionOperator.Less => comparison < 0,
        ConditionOperator.LessOrEqual => comparison <= 0,
        ConditionOperator.Greater => comparison > 0,
        ConditionOperator.GreaterOrEqual => comparison >= 0,
        ConditionOperator.Exists => true,
        _ => false,
    };
}
