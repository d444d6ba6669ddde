using Orrery.Query.LogQL.Syntax;
using Orrery.Signals.Labels;
using MatchType = Orrery.Signals.Labels.MatchType;

namespace Orrery.Query.PromQL.Syntax;

internal sealed partial class PromQLExpressionParser
{
    private PromExpr ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case PromTokenKind.Number:
                Advance();
                return new NumberLiteral(ParseNumber(token), token.Position);
            case PromTokenKind.String:
                Advance();
                return new StringLiteral(GoText.Unquote(token.Text(_query)), token.Position);
            case PromTokenKind.LeftParen:
                {
                    Advance();
                    var inner = ParseExpr(0);
                    if (Current.Kind != PromTokenKind.RightParen) throw Unexpected();
                    Advance();
                    return Track(new ParenExpr(inner, token.Position), inner);
                }
            case PromTokenKind.LeftBrace:
                return ParseVectorSelector(null);
            case PromTokenKind.Identifier when PeekNext.Kind == PromTokenKind.LeftParen:
                return ParseCall();
        }
        if (token.Kind.IsAggregator() && PeekNext.Kind is PromTokenKind.LeftParen or PromTokenKind.By or PromTokenKind.Without)
            return ParseAggregation();
        if (IsMetricIdentifier(token.Kind)) return ParseVectorSelector(token);
        throw Unexpected();
    }

    /// <summary><c>name</c>, <c>name{…}</c> or <c>{…}</c>; the name becomes a trailing <c>__name__</c> matcher, as in Prometheus.</summary>
    private VectorSelector ParseVectorSelector(PromToken? nameToken)
    {
        var start = Current.Position;
        string? name = null;
        if (nameToken is not null)
        {
            name = TextOf(nameToken.Value);
            Advance();
        }
        var matchers = new List<LabelMatcher>();
        if (Current.Kind == PromTokenKind.LeftBrace)
        {
            ParseLabelMatchers(matchers);
            // Matchers in the printer's (sorted) order, so that printing and parsing again
            // gives an equal tree; the order means nothing to evaluation.
            matchers.Sort(static (a, b) => string.CompareOrdinal(PromQLPrinter.MatcherText(a), PromQLPrinter.MatcherText(b)));
        }
        // As in Prometheus the name's matcher comes last (the type check relies on it).
        if (name is not null) matchers.Add(new LabelMatcher(MatchType.Equal, "__name__", name));
        return new VectorSelector(name, new EquatableList<LabelMatcher>(matchers), Position: start);
    }

    private void ParseLabelMatchers(List<LabelMatcher> matchers)
    {
        Advance();
        while (true)
        {
            if (Current.Kind == PromTokenKind.RightBrace)
            {
                Advance();
                return;
            }
            if (Current.Kind != PromTokenKind.Identifier) throw Unexpected("label matching", "identifier or \"}\"");
            var label = Advance();
            var type = Current.Kind switch
            {
                PromTokenKind.Eql => MatchType.Equal,
                PromTokenKind.Neq => MatchType.NotEqual,
                PromTokenKind.EqlRegex => MatchType.Regex,
                PromTokenKind.NeqRegex => MatchType.NotRegex,
                _ => (MatchType)255,
            };
            if (type == (MatchType)255) throw Unexpected("label matching", "label matching operator");
            Advance();
            if (Current.Kind != PromTokenKind.String) throw Unexpected("label matching", "string");
            var value = GoText.Unquote(Advance().Text(_query));
            matchers.Add(NewMatcher(label, type, value));

            if (Current.Kind == PromTokenKind.Comma)
            {
                Advance();
                continue;
            }
            if (Current.Kind == PromTokenKind.RightBrace)
            {
                Advance();
                return;
            }
            throw Unexpected("label matching", "\",\" or \"}\"");
        }
    }

    private LabelMatcher NewMatcher(PromToken label, MatchType type, string value)
    {
        try
        {
            return new LabelMatcher(type, TextOf(label), value);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException)
        {
            // .NET's regex dialect differs from RE2 in details; the message says what was refused.
            throw Fail(label.Position, "error parsing regexp: " + e.Message);
        }
    }

    private Call ParseCall()
    {
        var name = Advance();
        var args = ParseCallBody();
        if (!PromFunctions.TryGet(TextOf(name), out var function))
            throw Fail(name.Position, "unknown function with name " + GoText.Quote(TextOf(name)));
        return Track(new Call(function, new EquatableList<PromExpr>(args), name.Position), args);
    }

    /// <summary><c>( [expr {, expr}] )</c>; a trailing comma is an error of its own.</summary>
    private List<PromExpr> ParseCallBody()
    {
        if (Current.Kind != PromTokenKind.LeftParen) throw Unexpected();
        Advance();
        var args = new List<PromExpr>();
        if (Current.Kind == PromTokenKind.RightParen)
        {
            Advance();
            return args;
        }
        while (true)
        {
            args.Add(ParseExpr(0));
            if (Current.Kind == PromTokenKind.RightParen)
            {
                Advance();
                return args;
            }
            if (Current.Kind != PromTokenKind.Comma) throw Unexpected();
            var comma = Advance();
            if (Current.Kind != PromTokenKind.Error && !IsExpressionStart(Current.Kind))
                throw Fail(comma.Position, "trailing commas not allowed in function call args");
        }
    }

    /// <summary><c>op [by|without (…)] (args) [by|without (…)]</c>.</summary>
    private AggregateExpr ParseAggregation()
    {
        var op = Advance();
        List<string>? grouping = null;
        var without = false;
        if (Current.Kind is PromTokenKind.By or PromTokenKind.Without)
        {
            without = Advance().Kind == PromTokenKind.Without;
            grouping = ParseGroupingLabels();
        }

        var outer = _inAggregation;
        _inAggregation = true;
        var args = ParseCallBody();
        _inAggregation = outer;

        // Without a leading modifier Prometheus reads the next token to look for a trailing
        // one before it checks the arguments, so a lexical error there is reported first.
        if (grouping is null && Current.Kind == PromTokenKind.Error) throw Unexpected();
        if (grouping is null && Current.Kind is PromTokenKind.By or PromTokenKind.Without)
        {
            without = Advance().Kind == PromTokenKind.Without;
            grouping = ParseGroupingLabels();
        }

        if (args.Count == 0) throw Fail(op.Position, "no arguments for aggregate expression provided");
        var aggregateOp = op.Kind.ToAggregateOp();
        var takesParam = aggregateOp is AggregateOp.TopK or AggregateOp.BottomK or AggregateOp.CountValues or AggregateOp.Quantile;
        var desired = takesParam ? 2 : 1;
        if (args.Count != desired)
            throw Fail(op.Position, $"wrong number of arguments for aggregate expression provided, expected {desired}, got {args.Count}");
        return Track(new AggregateExpr(
            aggregateOp,
            args[desired - 1],
            takesParam ? args[0] : null,
            grouping is null ? EquatableList<string>.Empty : new EquatableList<string>(grouping),
            without,
            op.Position), args);
    }

    /// <summary><c>( [label {, label} [,]] )</c> after by, without, on, ignoring, group_left and group_right.</summary>
    private List<string> ParseGroupingLabels()
    {
        if (Current.Kind != PromTokenKind.LeftParen) throw Unexpected("grouping opts", "\"(\"");
        Advance();
        var labels = new List<string>();
        if (Current.Kind == PromTokenKind.RightParen)
        {
            Advance();
            return labels;
        }
        while (true)
        {
            var token = Current;
            if (!IsMaybeLabel(token.Kind) || !PromQLLexer.IsLabelName(token.Text(_query))) throw Unexpected("grouping opts", "label");
            labels.Add(TextOf(token));
            Advance();
            if (Current.Kind == PromTokenKind.Comma)
            {
                Advance();
                if (Current.Kind == PromTokenKind.RightParen)
                {
                    Advance();
                    return labels;
                }
                continue;
            }
            if (Current.Kind == PromTokenKind.RightParen)
            {
                Advance();
                return labels;
            }
            throw Unexpected("grouping opts", "\",\" or \")\"");
        }
    }
}
