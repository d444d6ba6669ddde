using System.Text;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// One condition's operator and literal, resolved against one block so that stored values are
/// tested without decoding them: a string literal becomes a range of dictionary ids (the
/// dictionary is sorted bytewise, so ordinal order is id order), numbers compare as TraceQL
/// compares them (ints and floats with each other). Every answer errs towards "may match":
/// a value it cannot judge from the encoding alone (inline strings, a kind TraceQL compares in a
/// way not modelled here) counts as a match. NaN satisfies no equality or ordering, as in TraceQL.
/// </summary>
internal sealed class ConditionOperand
{
    private readonly ConditionOperator _op;
    private readonly StaticValue _literal;
    private readonly byte[]? _utf8;
    /// <summary>Dictionary ids [<see cref="IdLow"/>, <see cref="IdHigh"/>) satisfy a string condition.</summary>
    public readonly int IdLow;
    public readonly int IdHigh;

    public ConditionOperand(ConditionOperator op, StaticValue literal, StringTable dictionary)
    {
        _op = op;
        _literal = literal;
        if (literal.Kind != StaticKind.String) return;
        _utf8 = Encoding.UTF8.GetBytes(literal.String ?? "");
        var lower = LowerBound(dictionary, _utf8);
        var exact = lower < dictionary.Count && dictionary.Get(lower).SequenceEqual(_utf8) ? 1 : 0;
        (IdLow, IdHigh) = op switch
        {
            ConditionOperator.Equal => (lower, lower + exact),
            ConditionOperator.Less => (0, lower),
            ConditionOperator.LessOrEqual => (0, lower + exact),
            ConditionOperator.Greater => (lower + exact, dictionary.Count),
            ConditionOperator.GreaterOrEqual => (lower, dictionary.Count),
            _ => (0, dictionary.Count),
        };
        // Only these operators are modelled on strings; any other keeps every string.
        if (op is not (ConditionOperator.Equal or ConditionOperator.Less or ConditionOperator.LessOrEqual
            or ConditionOperator.Greater or ConditionOperator.GreaterOrEqual or ConditionOperator.Exists))
            (IdLow, IdHigh) = (0, int.MaxValue);
    }

    public ConditionOperator Operator => _op;

    public bool IsExists => _op == ConditionOperator.Exists;

    /// <summary>True when the literal is a string (so only string values can match).</summary>
    public bool IsString => _literal.Kind == StaticKind.String;

    /// <summary>True when the literal is a number, a duration or an enum (compared with <see cref="MatchesNumber"/>).</summary>
    public bool IsNumber => _literal.Kind is StaticKind.Int or StaticKind.Double or StaticKind.Duration or StaticKind.Status or StaticKind.Kind;

    public bool IsBool => _literal.Kind == StaticKind.Bool;

    /// <summary>Whether the literal can be judged at all; otherwise every value may match.</summary>
    public bool IsModelled => IsString || IsNumber || IsBool || IsExists;

    /// <summary>A stored string reference (<see cref="StringRef"/>).</summary>
    public bool MatchesStringRef(ulong reference)
    {
        if ((reference & 1) != 0) return InlineMayMatch((int)(reference >> 1));
        var id = (long)(reference >> 1);
        return id >= IdLow && id < IdHigh;
    }

    /// <summary>A dictionary id (span names, always in the dictionary).</summary>
    public bool MatchesId(int id) => id >= IdLow && id < IdHigh;

    /// <summary>
    /// Strings longer than the dictionary limit are stored inline; an equality with a literal short
    /// enough for the dictionary cannot hold for them, anything else is not judged.
    /// </summary>
    private bool InlineMayMatch(int length) => _op != ConditionOperator.Equal || _utf8 is null || _utf8.Length == length;

    /// <summary>A stored int (or duration, status, kind).</summary>
    public bool MatchesInt(long value)
    {
        if (_literal.Kind == StaticKind.Double) return Order(((double)value).CompareTo(_literal.Double), nan: double.IsNaN(_literal.Double));
        return Order(value.CompareTo(_literal.Int), nan: false);
    }

    public bool MatchesDouble(double value)
    {
        var literal = _literal.Kind == StaticKind.Double ? _literal.Double : _literal.Int;
        return Order(value.CompareTo(literal), nan: double.IsNaN(value) || double.IsNaN(literal));
    }

    /// <summary>
    /// An attribute value of any kind, as stored in a page (strings by reference). TraceQL compares
    /// strings only with strings, numbers only with numbers, booleans only with booleans; other
    /// pairings are false. Empty values, bytes, arrays and key-value lists have no TraceQL type
    /// and satisfy no comparison (only existence).
    /// </summary>
    public bool MatchesStored(ValueKind kind, long scalar, ulong stringRef) => kind switch
    {
        _ when IsExists => true,
        ValueKind.String => IsString && MatchesStringRef(stringRef),
        ValueKind.Int => IsNumber && MatchesInt(scalar),
        ValueKind.Double => IsNumber && MatchesDouble(BitConverter.Int64BitsToDouble(scalar)),
        ValueKind.Bool => IsBool && (_op != ConditionOperator.Equal || (scalar != 0) == (_literal.Int != 0)),
        _ => false,
    };

    /// <summary>An attribute value held in a batch (index tables), strings compared by bytes.</summary>
    public bool MatchesRow(in AnyValueRow value, SpanBatch arena)
    {
        if (value.Kind != ValueKind.String) return MatchesStored(value.Kind, value.Scalar, 0);
        if (IsExists) return true;
        if (!IsString) return false;
        if (IdHigh == int.MaxValue) return true;
        return Order(arena.Utf8(value.Bytes).SequenceCompareTo(_utf8), nan: false);
    }

    /// <summary>
    /// A comparison result under the operator; unmodelled operators may match. NaN equals and
    /// orders with nothing, as TraceQL evaluates it (only <c>!=</c> holds), so an equality or
    /// ordering with NaN is false: exact, which columnar aggregates and searches rely on.
    /// </summary>
    private bool Order(int order, bool nan) => nan
        ? _op is not (ConditionOperator.Equal or ConditionOperator.Less or ConditionOperator.LessOrEqual or ConditionOperator.Greater or ConditionOperator.GreaterOrEqual)
        : _op switch
        {
            ConditionOperator.Equal => order == 0,
            ConditionOperator.Less => order < 0,
            ConditionOperator.LessOrEqual => order <= 0,
            ConditionOperator.Greater => order > 0,
            ConditionOperator.GreaterOrEqual => order >= 0,
            ConditionOperator.Exists => true,
            _ => true,
        };

    private static int LowerBound(StringTable dictionary, ReadOnlySpan<byte> value)
    {
        int lo = 0, hi = dictionary.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (dictionary.Get(mid).SequenceCompareTo(value) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
