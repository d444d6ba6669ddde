using System.Text;
using Orrery.Query.TraceQL.Syntax;
using K = Orrery.Query.TraceQL.Syntax.TraceQLTokenKind;

namespace Orrery.Api.Tempo.Tags;

/// <summary>
/// Reads the half-typed queries autocomplete sends, as Tempo does: <c>{ .a = "x" &amp;&amp; name = }</c> is
/// read as <c>{ .a = "x" &amp;&amp; true }</c>. A condition whose right-hand side is missing (the one being
/// completed) becomes <c>true</c>, unclosed braces are closed, and the rest must then parse; anything
/// else gives null and the suggestions are not scoped.
/// </summary>
public static class LenientTraceQL
{
    public static TraceQLQuery? Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            return TraceQLParser.Parse(query);
        }
        catch (TraceQLParseException)
        {
        }
        try
        {
            var repaired = Repair(query);
            return repaired is null ? null : TraceQLParser.Parse(repaired);
        }
        catch (TraceQLParseException)
        {
            return null;
        }
    }

    /// <summary>The query with incomplete conditions replaced by <c>true</c> and braces balanced; null when nothing changed.</summary>
    internal static string? Repair(string query)
    {
        var tokens = TraceQLLexer.Tokenize(query);
        var text = new StringBuilder();
        var copied = 0;
        var changed = false;
        var openBraces = 0;
        for (var i = 0; i < tokens.Count && tokens[i].Kind != K.End; i++)
        {
            var token = tokens[i];
            // Only the spanset part is rewritten; pipeline stages are kept as they are.
            if (token.Kind == K.Pipe) break;
            if (token.Kind == K.LeftBrace) openBraces++;
            if (token.Kind == K.RightBrace) openBraces--;
            if (!IsField(token) || i + 1 >= tokens.Count || !IsComparison(tokens[i + 1].Kind)) continue;
            if (i + 2 < tokens.Count && !IsTerminator(tokens[i + 2].Kind)) continue;
            var operatorEnd = tokens[i + 1].Offset + tokens[i + 1].Text.Length;
            text.Append(query, copied, token.Offset - copied).Append("true");
            copied = operatorEnd;
            changed = true;
            i++;
        }
        text.Append(query, copied, query.Length - copied);
        for (; openBraces > 0; openBraces--)
        {
            text.Append(" }");
            changed = true;
        }
        return changed ? text.ToString() : null;
    }

    private static bool IsField(TraceQLToken token) =>
        token.Kind == K.Attribute || (token.Kind == K.Identifier && Intrinsics.TryLookup(token.Text, out _));

    private static bool IsComparison(K kind) => kind is K.Equal or K.NotEqual or K.Greater or K.GreaterEqual or K.Less or K.LessEqual or K.Regex or K.NotRegex;

    private static bool IsTerminator(K kind) => kind is K.End or K.RightBrace or K.RightParen or K.And or K.Or;
}
