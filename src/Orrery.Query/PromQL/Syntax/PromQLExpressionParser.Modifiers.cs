using System.Globalization;
using Orrery.Query.LogQL.Syntax;

namespace Orrery.Query.PromQL.Syntax;

internal sealed partial class PromQLExpressionParser
{
    private readonly record struct BinaryModifiers(bool ReturnBool, VectorMatching Matching);

    /// <summary><c>[bool] [on|ignoring (…) [group_left|group_right [(…)]]]</c> after a binary operator.</summary>
    private BinaryModifiers ParseBinaryModifiers()
    {
        var returnBool = false;
        if (Current.Kind == PromTokenKind.Bool)
        {
            Advance();
            returnBool = true;
        }
        var card = MatchingCardinality.OneToOne;
        var on = false;
        List<string>? matchingLabels = null;
        List<string>? include = null;
        if (Current.Kind is PromTokenKind.On or PromTokenKind.Ignoring)
        {
            on = Advance().Kind == PromTokenKind.On;
            matchingLabels = ParseGroupingLabels();
            if (Current.Kind is PromTokenKind.GroupLeft or PromTokenKind.GroupRight)
            {
                card = Advance().Kind == PromTokenKind.GroupLeft ? MatchingCardinality.ManyToOne : MatchingCardinality.OneToMany;
                // The label list is optional, and a "(" right after group_x always opens it;
                // a token that cannot start the right operand is reported as a bad label list.
                include = Current.Kind == PromTokenKind.LeftParen || (Current.Kind != PromTokenKind.Error && !IsExpressionStart(Current.Kind))
                    ? ParseGroupingLabels()
                    : [];
            }
        }
        return new BinaryModifiers(returnBool, new VectorMatching(card, ToList(matchingLabels), on, ToList(include)));
    }

    private static EquatableList<string> ToList(List<string>? items) =>
        items is null || items.Count == 0 ? EquatableList<string>.Empty : new EquatableList<string>(items);

    /// <summary>
    /// Builds the node as Prometheus's type check leaves it: matching only between two instant
    /// vectors, and set operators always many-to-many. What was written goes to <see cref="BinarySources"/>.
    /// </summary>
    private BinaryExpr MakeBinary(PromToken op, BinaryModifiers modifiers, PromExpr lhs, PromExpr rhs)
    {
        var binaryOp = op.Kind.ToBinaryOp();
        if (Math.Max(DepthOf(lhs), DepthOf(rhs)) + 1 > PromQLParser.MaxNestingDepth) throw NestingTooDeep(lhs.Position);
        VectorMatching? matching = null;
        if (lhs.Type == PromValueType.Vector && rhs.Type == PromValueType.Vector)
        {
            matching = modifiers.Matching;
            if (binaryOp is BinaryOp.And or BinaryOp.Or or BinaryOp.Unless && matching.Card == MatchingCardinality.OneToOne)
                matching = matching with { Card = MatchingCardinality.ManyToMany };
        }
        var binary = Track(new BinaryExpr(binaryOp, lhs, rhs, modifiers.ReturnBool, matching, lhs.Position), lhs, rhs);
        BinarySources[binary] = new BinaryExprSource(op.Position, modifiers.Matching);
        return binary;
    }

    /// <summary>Applies <c>[range]</c>, <c>[range:step]</c>, <c>offset</c> and <c>@</c> in any order and number.</summary>
    private PromExpr ParsePostfix(PromExpr expr)
    {
        while (true)
        {
            switch (Current.Kind)
            {
                case PromTokenKind.LeftBracket:
                    expr = ParseRangeOrSubquery(expr);
                    break;
                case PromTokenKind.Offset:
                    expr = ParseOffset(expr);
                    break;
                case PromTokenKind.At:
                    expr = ParseAt(expr);
                    break;
                default:
                    return expr;
            }
        }
    }

    private PromExpr ParseRangeOrSubquery(PromExpr expr)
    {
        var leftBracket = Advance();
        if (Current.Kind != PromTokenKind.Duration) throw Unexpected("subquery selector", "duration");
        var range = ParseDuration(Advance());
        if (Current.Kind == PromTokenKind.RightBracket)
        {
            Advance();
            if (expr is not VectorSelector selector) throw Fail(leftBracket.Position, "ranges only allowed for vector selectors");
            if (selector.OffsetMs != 0) throw Fail(leftBracket.Position, "no offset modifiers allowed before range");
            // Prometheus checks only a numeric @ here; "@ start()" before a range passes.
            if (selector.At.Kind == AtKind.Timestamp) throw Fail(leftBracket.Position, "no @ modifiers allowed before range");
            return new MatrixSelector(selector, range, selector.Position);
        }
        if (Current.Kind != PromTokenKind.Colon) throw Unexpected("subquery or range", "\":\" or \"]\"");
        Advance();
        long step = 0;
        if (Current.Kind == PromTokenKind.Duration)
        {
            step = ParseDuration(Advance());
            if (Current.Kind != PromTokenKind.RightBracket) throw Unexpected("subquery selector", "\"]\"");
        }
        else if (Current.Kind != PromTokenKind.RightBracket)
        {
            throw Unexpected("subquery selector", "duration or \"]\"");
        }
        Advance();
        return Track(new SubqueryExpr(expr, range, step, Position: expr.Position), expr);
    }

    private PromExpr ParseOffset(PromExpr expr)
    {
        Advance();
        var negative = false;
        if (Current.Kind == PromTokenKind.Sub)
        {
            Advance();
            negative = true;
        }
        if (Current.Kind != PromTokenKind.Duration) throw Unexpected("offset", "duration");
        var offset = ParseDuration(Advance());
        if (negative) offset = -offset;

        const string misplaced = "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery";
        const string twice = "offset may not be set multiple times";
        switch (expr)
        {
            case VectorSelector vs:
                if (vs.OffsetMs != 0) throw Fail(expr.Position, twice);
                return vs with { OffsetMs = offset };
            case MatrixSelector ms:
                if (ms.Selector.OffsetMs != 0) throw Fail(expr.Position, twice);
                return ms with { Selector = ms.Selector with { OffsetMs = offset } };
            case SubqueryExpr sq:
                if (sq.OffsetMs != 0) throw Fail(expr.Position, twice);
                return Track(sq with { OffsetMs = offset }, sq.Expr);
            default:
                throw Fail(expr.Position, misplaced);
        }
    }

    private PromExpr ParseAt(PromExpr expr)
    {
        Advance();
        AtModifier at;
        var token = Current;
        if (token.Kind is PromTokenKind.Start or PromTokenKind.End)
        {
            Advance();
            if (Current.Kind != PromTokenKind.LeftParen) throw Unexpected("@", "timestamp");
            Advance();
            if (Current.Kind != PromTokenKind.RightParen) throw Unexpected("@", "timestamp");
            Advance();
            at = new AtModifier(token.Kind == PromTokenKind.Start ? AtKind.Start : AtKind.End);
        }
        else
        {
            var sign = 1.0;
            if (token.Kind is PromTokenKind.Add or PromTokenKind.Sub)
            {
                Advance();
                sign = token.Kind == PromTokenKind.Sub ? -1 : 1;
            }
            if (Current.Kind != PromTokenKind.Number) throw Unexpected("@", "timestamp");
            var seconds = sign * ParseNumber(Advance());
            // Two to the 63rd is exactly representable, so these bounds are Prometheus's.
            if (double.IsNaN(seconds) || seconds >= 9.2233720368547758e18 || seconds <= -9.2233720368547758e18)
                throw Fail(expr.Position, "timestamp out of bounds for @ modifier: " + GoFloat.FormatFixed6(seconds));
            at = new AtModifier(AtKind.Timestamp, SecondsToMilliseconds(seconds));
        }

        const string misplaced = "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery";
        const string twice = "@ <timestamp> may not be set multiple times";
        switch (expr)
        {
            case VectorSelector vs:
                if (vs.At.IsSet) throw Fail(expr.Position, twice);
                return vs with { At = at };
            case MatrixSelector ms:
                if (ms.Selector.At.IsSet) throw Fail(expr.Position, twice);
                return ms with { Selector = ms.Selector with { At = at } };
            case SubqueryExpr sq:
                if (sq.At.IsSet) throw Fail(expr.Position, twice);
                return Track(sq with { At = at }, sq.Expr);
            default:
                throw Fail(expr.Position, misplaced);
        }
    }

    // Prometheus's timestamp.FromFloatSeconds; a result beyond int64 becomes its minimum, as
    // Go's conversion does on amd64 (so "@ 1e17" prints as Prometheus prints it).
    private static long SecondsToMilliseconds(double seconds)
    {
        var ms = Math.Round(seconds * 1000, MidpointRounding.AwayFromZero);
        return ms is >= -9.2233720368547758e18 and < 9.2233720368547758e18 ? (long)ms : long.MinValue;
    }

    private long ParseDuration(PromToken token)
    {
        if (!PromDuration.TryParse(token.Text(_query), out var ms, out var error)) throw Fail(token.Position, error!);
        if (ms == 0) throw Fail(token.Position, "duration must be greater than 0");
        return ms;
    }

    /// <summary>
    /// Go's <c>strconv.ParseInt(s, 0, 64)</c>, falling back to <c>ParseFloat</c>: hex after
    /// 0x, octal after a leading 0, decimal floats with exponents, Inf and NaN in any case.
    /// </summary>
    private double ParseNumber(PromToken token)
    {
        var text = token.Text(_query);
        if (TryParseGoInt(text, out var integer)) return integer;
        if (text.Equals("inf", StringComparison.OrdinalIgnoreCase)) return double.PositiveInfinity;
        if (text.Equals("nan", StringComparison.OrdinalIgnoreCase)) return double.NaN;
        double value = 0;
        var syntaxOk = text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] == '.')
            && !(text.Length > 1 && text[0] == '0' && text[1] is 'x' or 'X')
            && double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
        if (!syntaxOk)
            throw Fail(token.Position, "error parsing number: strconv.ParseFloat: parsing " + GoText.Quote(text) + ": invalid syntax");
        if (double.IsInfinity(value))
            throw Fail(token.Position, "error parsing number: strconv.ParseFloat: parsing " + GoText.Quote(text) + ": value out of range");
        return value;
    }

    private static bool TryParseGoInt(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        var radix = 10;
        var digits = text;
        if (text.Length > 2 && text[0] == '0' && text[1] is 'x' or 'X')
        {
            radix = 16;
            digits = text[2..];
        }
        else if (text.Length > 1 && text[0] == '0')
        {
            radix = 8;
            digits = text[1..];
        }
        if (digits.IsEmpty) return false;
        ulong n = 0;
        foreach (var c in digits)
        {
            var d = GoText.HexValue(c);
            if (d >= radix) return false;
            if (n > (ulong.MaxValue - (ulong)d) / (ulong)radix) return false;
            n = (n * (ulong)radix) + (ulong)d;
        }
        if (n > long.MaxValue) return false;
        value = n;
        return true;
    }
}
