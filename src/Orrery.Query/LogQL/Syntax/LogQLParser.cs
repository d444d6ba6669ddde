using System.Globalization;
using Orrery.Signals.Labels;
using MatchType = Orrery.Signals.Labels.MatchType;

namespace Orrery.Query.LogQL.Syntax;

/// <summary>
/// A recursive-descent LogQL parser over <see cref="LogQLLexer"/> tokens. Every error is a
/// <see cref="LogQLParseException"/> naming the line and column of the offending token.
/// </summary>
public sealed partial class LogQLParser
{
    private readonly List<Token> _tokens;
    private int _index;

    private LogQLParser(string query) => _tokens = LogQLLexer.Tokenize(query);

    /// <summary>Parses a log or metric query.</summary>
    public static LogQLExpr Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parser = new LogQLParser(query);
        var expr = parser.ParseOr();
        parser.Expect(TokenKind.End, "end of input");
        if (expr is LogSelectorExpr log) ValidateSelector(log, parser._tokens[0]);
        return expr;
    }

    /// <summary>Parses a stream selector alone (<c>{a="b"}</c>), as the series and labels APIs take it.</summary>
    public static LogSelectorExpr ParseSelector(string selector)
    {
        var expr = Parse(selector);
        return expr is LogSelectorExpr { Stages.Count: 0 } s ? s : throw new LogQLParseException(1, 1, "only a stream selector is allowed here");
    }

    private Token Current => _tokens[_index];

    private Token Peek(int ahead = 1) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];

    private Token Advance() => _tokens[_index++ < _tokens.Count - 1 ? _index - 1 : _tokens.Count - 1];

    private bool At(TokenKind kind) => Current.Kind == kind;

    private bool AtKeyword(string word) => Current.Kind == TokenKind.Identifier && Current.Text == word;

    private bool Accept(TokenKind kind)
    {
        if (!At(kind)) return false;
        Advance();
        return true;
    }

    private Token Expect(TokenKind kind, string expecting)
    {
        if (!At(kind)) throw Unexpected(expecting);
        return Advance();
    }

    private LogQLParseException Unexpected(string? expecting = null) => Unexpected(Current, expecting);

    private static LogQLParseException Unexpected(Token token, string? expecting = null) =>
        new(token.Line, token.Column, "syntax error: unexpected " + token.Describe() + (expecting is null ? "" : ", expecting " + expecting));

    private static LogQLParseException ErrorAt(Token token, string reason) => new(token.Line, token.Column, reason);

    // ---- stream selector and pipeline ----

    private LogSelectorExpr ParseLogSelector(bool allowUnwrap, out UnwrapExpr? unwrap)
    {
        var open = Expect(TokenKind.LeftBrace, "{");
        var matchers = new List<LabelMatcherSpec>();
        while (!At(TokenKind.RightBrace))
        {
            if (matchers.Count > 0) Expect(TokenKind.Comma, "\",\" or \"}\"");
            matchers.Add(ParseMatcher());
        }
        Advance();
        if (matchers.Count == 0) throw ErrorAt(open, "syntax error: unexpected }, expecting IDENTIFIER");
        var stages = new List<PipelineStage>();
        unwrap = null;
        while (true)
        {
            if (At(TokenKind.PipeExact) || At(TokenKind.PipeMatch) || At(TokenKind.NotEqual) || At(TokenKind.NotRegex))
            {
                stages.Add(ParseLineFilter());
                continue;
            }
            if (!At(TokenKind.Pipe)) break;
            if (Peek().Kind == TokenKind.Identifier && Peek().Text == "unwrap" && !IsComparison(Peek(2).Kind))
            {
                if (!allowUnwrap) throw ErrorAt(Peek(), "syntax error: unwrap is only allowed inside a range aggregation");
                Advance();
                unwrap = ParseUnwrap();
                break;
            }
            Advance();
            stages.Add(ParseStage());
        }
        return new LogSelectorExpr(new EquatableList<LabelMatcherSpec>(matchers), new EquatableList<PipelineStage>(stages));
    }

    private LabelMatcherSpec ParseMatcher()
    {
        var name = Expect(TokenKind.Identifier, "IDENTIFIER");
        var opToken = Current;
        var type = opToken.Kind switch
        {
            TokenKind.Equal => MatchType.Equal,
            TokenKind.NotEqual => MatchType.NotEqual,
            TokenKind.Regex => MatchType.Regex,
            TokenKind.NotRegex => MatchType.NotRegex,
            _ => throw Unexpected("=, !=, =~ or !~"),
        };
        Advance();
        var value = Expect(TokenKind.String, "STRING");
        return MakeMatcher(type, name.Text, value);
    }

    private static LabelMatcherSpec MakeMatcher(MatchType type, string name, Token value)
    {
        var spec = new LabelMatcherSpec(type, name, value.Text);
        try
        {
            spec.ToMatcher();
        }
        catch (ArgumentException e)
        {
            throw ErrorAt(value, $"invalid regular expression {Ops.Quote(value.Text)}: {e.Message}");
        }
        return spec;
    }

    private PipelineStage ParseLineFilter()
    {
        var opToken = Advance();
        if (AtKeyword("ip") && Peek().Kind == TokenKind.LeftParen)
        {
            if (opToken.Kind is not (TokenKind.PipeExact or TokenKind.NotEqual)) throw ErrorAt(opToken, "syntax error: ip() line filters take only |= and !=");
            return new IpLineFilterStage(opToken.Kind == TokenKind.PipeExact, ParseIpPattern());
        }
        var op = opToken.Kind switch
        {
            TokenKind.PipeExact => LineFilterOp.Contains,
            TokenKind.NotEqual => LineFilterOp.NotContains,
            TokenKind.PipeMatch => LineFilterOp.Match,
            _ => LineFilterOp.NotMatch,
        };
        var values = new List<string>();
        do
        {
            var value = Expect(TokenKind.String, "STRING");
            if (op is LineFilterOp.Match or LineFilterOp.NotMatch) ValidateRegex(value);
            values.Add(value.Text);
        }
        while (AcceptKeyword("or"));
        return new LineFilterStage(op, new EquatableList<string>(values));
    }

    private bool AcceptKeyword(string word)
    {
        if (!AtKeyword(word)) return false;
        Advance();
        return true;
    }

    private static void ValidateRegex(Token value)
    {
        try
        {
            Pipeline.RegexFactory.Create(value.Text);
        }
        catch (ArgumentException e)
        {
            throw ErrorAt(value, $"invalid regular expression {Ops.Quote(value.Text)}: {e.Message}");
        }
    }

    private PipelineStage ParseStage()
    {
        var token = Current;
        if (token.Kind == TokenKind.Identifier && !IsComparison(Peek().Kind))
        {
            switch (token.Text)
            {
                case "json":
                    Advance();
                    return new JsonParserStage(ParseExtractions());
                case "logfmt":
                    Advance();
                    bool strict = false, keepEmpty = false;
                    while (At(TokenKind.Minus) && Peek().Kind == TokenKind.Minus && Peek(2).Kind == TokenKind.Identifier)
                    {
                        var flag = Peek(2);
                        if (flag.Text == "strict") strict = true;
                        else if (flag.Text == "keep_empty" || (flag.Text == "keep" && Peek(3).Kind == TokenKind.Minus && Peek(4).Text == "empty")) keepEmpty = true;
                        else throw ErrorAt(flag, $"syntax error: unknown logfmt flag --{flag.Text}");
                        _index += flag.Text == "keep" ? 5 : 3;
                    }
                    return new LogfmtParserStage(strict, keepEmpty, ParseExtractions());
                case "regexp":
                    Advance();
                    var regex = Expect(TokenKind.String, "STRING");
                    ValidateRegex(regex);
                    if (!regex.Text.Contains("(?P<", StringComparison.Ordinal) && !regex.Text.Contains("(?<", StringComparison.Ordinal))
                        throw ErrorAt(regex, "at least one named capture must be supplied");
                    return new RegexpParserStage(regex.Text);
                case "pattern":
                    Advance();
                    var pattern = Expect(TokenKind.String, "STRING");
                    try
                    {
                        Pipeline.PatternMatcher.Compile(pattern.Text);
                    }
                    catch (FormatException e)
                    {
                        throw ErrorAt(pattern, e.Message);
                    }
                    return new PatternParserStage(pattern.Text);
                case "unpack":
                    Advance();
                    return new UnpackStage();
                case "decolorize":
                    Advance();
                    return new DecolorizeStage();
                case "line_format":
                    Advance();
                    var template = Expect(TokenKind.String, "STRING");
                    CheckTemplate(template);
                    return new LineFormatStage(template.Text);
                case "label_format":
                    Advance();
                    return new LabelFormatStage(ParseLabelFormatItems());
                case "drop":
                    Advance();
                    return new DropStage(ParseLabelSelections());
                case "keep":
                    Advance();
                    return new KeepStage(ParseLabelSelections());
            }
        }
        if (token.Kind is TokenKind.Identifier or TokenKind.LeftParen) return new LabelFilterStage(ParseLabelFilterOr());
        throw Unexpected("a parser, a formatter or a label filter");
    }

    private static void CheckTemplate(Token token)
    {
        try
        {
            Pipeline.Template.Compile(token.Text);
        }
        catch (FormatException e)
        {
            throw ErrorAt(token, "invalid template: " + e.Message);
        }
    }

    private EquatableList<LabelExtraction> ParseExtractions()
    {
        var items = new List<LabelExtraction>();
        while (At(TokenKind.Identifier) && (Peek().Kind == TokenKind.Equal || !IsStageKeyword(Current.Text)))
        {
            if (Peek().Kind == TokenKind.Equal)
            {
                var name = Advance();
                Advance();
                items.Add(new LabelExtraction(name.Text, Expect(TokenKind.String, "STRING").Text));
            }
            else if (Peek().Kind is TokenKind.Comma or TokenKind.Pipe or TokenKind.End or TokenKind.RightParen or TokenKind.LeftBracket
                     or TokenKind.PipeExact or TokenKind.PipeMatch or TokenKind.NotEqual or TokenKind.NotRegex)
            {
                // `json a` is shorthand for `json a="a"`.
                var name = Advance();
                items.Add(new LabelExtraction(name.Text, name.Text));
            }
            else break;
            if (!Accept(TokenKind.Comma)) break;
        }
        return new EquatableList<LabelExtraction>(items);
    }

    private static bool IsStageKeyword(string text) => text is "json" or "logfmt" or "regexp" or "pattern" or "unpack" or "line_format" or "label_format" or "drop" or "keep" or "decolorize" or "unwrap" or "offset" or "or" or "and" or "by" or "without";

    private EquatableList<LabelFormatItem> ParseLabelFormatItems()
    {
        var items = new List<LabelFormatItem>();
        do
        {
            var name = Expect(TokenKind.Identifier, "IDENTIFIER");
            Expect(TokenKind.Equal, "=");
            if (At(TokenKind.String))
            {
                var template = Advance();
                CheckTemplate(template);
                items.Add(new LabelFormatItem(name.Text, template.Text, true));
            }
            else items.Add(new LabelFormatItem(name.Text, Expect(TokenKind.Identifier, "STRING or IDENTIFIER").Text, false));
        }
        while (Accept(TokenKind.Comma));
        return new EquatableList<LabelFormatItem>(items);
    }

    private EquatableList<LabelSelection> ParseLabelSelections()
    {
        var items = new List<LabelSelection>();
        do
        {
            var name = Expect(TokenKind.Identifier, "IDENTIFIER");
            if (Current.Kind is TokenKind.Equal or TokenKind.NotEqual or TokenKind.Regex or TokenKind.NotRegex)
            {
                var type = Advance().Kind switch
                {
                    TokenKind.Equal => MatchType.Equal,
                    TokenKind.NotEqual => MatchType.NotEqual,
                    TokenKind.Regex => MatchType.Regex,
                    _ => MatchType.NotRegex,
                };
                items.Add(new LabelSelection(name.Text, MakeMatcher(type, name.Text, Expect(TokenKind.String, "STRING"))));
            }
            else items.Add(new LabelSelection(name.Text, null));
        }
        while (Accept(TokenKind.Comma));
        return new EquatableList<LabelSelection>(items);
    }

    private UnwrapExpr ParseUnwrap()
    {
        Advance(); // "unwrap"
        string? conversion = null;
        Token label;
        if (At(TokenKind.Identifier) && Peek().Kind == TokenKind.LeftParen)
        {
            var fn = Advance();
            if (fn.Text is not ("duration" or "duration_seconds" or "bytes")) throw ErrorAt(fn, $"syntax error: unknown unwrap conversion {fn.Text}, expecting duration, duration_seconds or bytes");
            conversion = fn.Text;
            Advance();
            label = Expect(TokenKind.Identifier, "IDENTIFIER");
            Expect(TokenKind.RightParen, ")");
        }
        else label = Expect(TokenKind.Identifier, "IDENTIFIER");
        var filters = new List<LabelFilterExpr>();
        while (At(TokenKind.Pipe))
        {
            Advance();
            filters.Add(ParseLabelFilterOr());
        }
        return new UnwrapExpr(label.Text, conversion, new EquatableList<LabelFilterExpr>(filters));
    }

    private static bool IsComparison(TokenKind kind) => kind is TokenKind.Equal or TokenKind.EqualEqual or TokenKind.NotEqual or TokenKind.Regex
        or TokenKind.NotRegex or TokenKind.Greater or TokenKind.GreaterEqual or TokenKind.Less or TokenKind.LessEqual;

    private static void ValidateSelector(LogSelectorExpr selector, Token at)
    {
        if (!selector.Matchers.Any(m => !m.ToMatcher().MatchesEmpty))
            throw ErrorAt(at, "queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will");
    }
}
