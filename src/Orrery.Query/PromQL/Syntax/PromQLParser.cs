namespace Orrery.Query.PromQL.Syntax;

/// <summary>Parses and type-checks PromQL (the whole grammar of Prometheus 2.x).</summary>
public static partial class PromQLParser
{
    /// <summary>
    /// The deepest nesting of expressions accepted (parentheses, calls, operator chains). Deeper
    /// queries are a parse error rather than a stack overflow anywhere a tree is walked recursively.
    /// </summary>
    public const int MaxNestingDepth = 512;

    /// <summary>Parses one expression; throws <see cref="PromQLParseException"/> naming the position and what was expected.</summary>
    public static PromExpr Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parser = new PromQLExpressionParser(query);
        var expr = parser.ParseWholeExpression();
        new PromQLTypeChecker(parser.Query, parser.BinarySources).Check(expr);
        return expr;
    }

    /// <summary>Parses a series selector as <c>match[]</c> takes it (<c>up{job="x"}</c>, <c>{__name__=~"a.*"}</c>).</summary>
    /// <remarks>
    /// Like Prometheus's <c>ParseMetricSelector</c> this does not type-check, but it refuses a
    /// selector whose every matcher matches the empty string with the API's message
    /// <c>match[] must contain at least one non-empty matcher</c> (no position prefix).
    /// </remarks>
    public static VectorSelector ParseSelector(string selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var parser = new PromQLExpressionParser(selector);
        var result = parser.ParseWholeSelector();
        foreach (var matcher in result.Matchers)
        {
            if (!matcher.MatchesEmpty) return result;
        }
        throw new PromQLParseException("match[] must contain at least one non-empty matcher", 0, 1, 1);
    }
}
