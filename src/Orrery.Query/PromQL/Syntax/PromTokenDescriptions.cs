using System.Text;

namespace Orrery.Query.PromQL.Syntax;

/// <summary>How Prometheus names a token in "unexpected …" messages (its <c>Item.desc()</c>).</summary>
internal static class PromTokenDescriptions
{
    // goyacc numbers tokens from 57346 in declaration order; "@" is not in Prometheus's
    // ItemTypeStr table, so its description falls back to the token number.
    private const string AtDescription = "\"<Item 57385>\" <op:@>";

    public static string Describe(PromToken token, string query)
    {
        var text = token.Text(query);
        switch (token.Kind)
        {
            case PromTokenKind.Eof: return "end of input";
            case PromTokenKind.Identifier: return "identifier " + GoText.Quote(text);
            case PromTokenKind.MetricIdentifier: return "metric identifier " + GoText.Quote(text);
            case PromTokenKind.String: return "string " + QuoteValue(text);
            case PromTokenKind.Number: return "number " + QuoteValue(text);
            case PromTokenKind.Duration: return "duration " + QuoteValue(text);
            case PromTokenKind.At: return AtDescription;
        }
        if (token.Kind.IsOperator()) return "<op:" + text.ToString() + ">";
        if (token.Kind.IsAggregator()) return "<aggr:" + text.ToString() + ">";
        if (token.Kind.IsKeyword()) return "<" + text.ToString() + ">";
        return QuoteValue(text);
    }

    // Item.String(): values longer than 10 bytes are cut to 10 runes ("%.10q...").
    private static string QuoteValue(ReadOnlySpan<char> text) =>
        Encoding.UTF8.GetByteCount(text) > 10 ? GoText.QuoteTruncated(text, 10) : GoText.Quote(text);
}
