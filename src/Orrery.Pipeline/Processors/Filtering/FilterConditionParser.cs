using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Orrery.Pipeline.Processors.Filtering;

/// <summary>
/// Parses one condition in a small subset of the collector's OTTL boolean expressions:
/// <code>
/// condition  = or
/// or         = and { "or" and }
/// and        = unary { "and" unary }
/// unary      = "not" unary | "(" condition ")" | "IsMatch" "(" path "," string ")" | "true" | "false" | compare
/// compare    = path op literal        op: == != &lt; &lt;= &gt; &gt;= =~ !~
/// path       = name { "." name } [ "[" string "]" ]   e.g. attributes["http.target"], resource.attributes["service.name"]
/// literal    = string | number | true | false | nil | ENUM_NAME (SPAN_KIND_SERVER, STATUS_CODE_ERROR, SEVERITY_NUMBER_WARN)
/// </code>
/// <c>=~</c> and <c>!~</c> are Orrery's shorthand for <c>IsMatch</c> and <c>not IsMatch</c>.
/// </summary>
internal sealed class FilterConditionParser
{
    private readonly string _text;
    private readonly FilterContextKind _context;
    private int _pos;

    private FilterConditionParser(string text, FilterContextKind context)
    {
        _text = text;
        _context = context;
    }

    /// <exception cref="FormatException">The condition is malformed; the message names the column.</exception>
    public static FilterCondition Parse(string text, FilterContextKind context)
    {
        var parser = new FilterConditionParser(text, context);
        var condition = parser.ParseOr();
        parser.SkipSpace();
        if (parser._pos < text.Length) throw parser.Error($"unexpected '{text[parser._pos..]}'");
        return condition;
    }

    private FilterCondition ParseOr()
    {
        var left = ParseAnd();
        while (TryKeyword("or")) left = new OrCondition(left, ParseAnd());
        return left;
    }

    private FilterCondition ParseAnd()
    {
        var left = ParseUnary();
        while (TryKeyword("and")) left = new AndCondition(left, ParseUnary());
        return left;
    }

    private FilterCondition ParseUnary()
    {
        if (TryKeyword("not")) return new NotCondition(ParseUnary());
        if (TrySymbol("("))
        {
            var inner = ParseOr();
            Expect(")");
            return inner;
        }
        if (TryKeyword("IsMatch"))
        {
            Expect("(");
            var field = ParsePath();
            Expect(",");
            var pattern = ParseString();
            Expect(")");
            return new RegexCondition(field, Compile(pattern));
        }
        if (TryKeyword("true")) return new ConstantCondition(true);
        if (TryKeyword("false")) return new ConstantCondition(false);

        var path = ParsePath();
        SkipSpace();
        foreach (var (symbol, op) in Operators)
        {
            if (!TrySymbol(symbol)) continue;
            if (symbol is "=~" or "!~")
            {
                var regex = new RegexCondition(path, Compile(ParseString()));
                return symbol == "=~" ? regex : new NotCondition(regex);
            }
            return new CompareCondition(path, op, ParseLiteral());
        }
        throw Error("expected a comparison operator (==, !=, <, <=, >, >=, =~, !~)");
    }

    // Longer symbols first, so "<=" is not read as "<".
    private static readonly (string Symbol, CompareOp Op)[] Operators =
    [
        ("==", CompareOp.Equal), ("!=", CompareOp.NotEqual), ("=~", CompareOp.Equal), ("!~", CompareOp.NotEqual),
        ("<=", CompareOp.LessOrEqual), (">=", CompareOp.GreaterOrEqual), ("<", CompareOp.Less), (">", CompareOp.Greater),
    ];

    private FilterField ParsePath()
    {
        SkipSpace();
        var start = _pos;
        var name = ReadWord(allowDots: true);
        if (name.Length == 0) throw Error("expected a field such as name or attributes[\"key\"]");
        byte[]? key = null;
        SkipSpace();
        if (TrySymbol("["))
        {
            key = Encoding.UTF8.GetBytes(ParseString());
            Expect("]");
        }
        var id = FilterField.Resolve(name, key is not null, _context)
            ?? throw new FormatException($"column {start + 1}: '{name}{(key is null ? "" : "[...]")}' is not a field of {ContextName(_context)} conditions");
        return new FilterField(id, key);
    }

    private FilterLiteral ParseLiteral()
    {
        SkipSpace();
        if (_pos < _text.Length && _text[_pos] == '"') return new FilterLiteral(FieldKind.String, Encoding.UTF8.GetBytes(ParseString()), 0, 0);
        var start = _pos;
        if (_pos < _text.Length && (_text[_pos] is '-' or '+' || char.IsAsciiDigit(_text[_pos])))
        {
            _pos++;
            while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] is '.' or 'e' or 'E' or '-' or '+')) _pos++;
            var number = _text[start.._pos];
            if (long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return new FilterLiteral(FieldKind.Int, null, i, 0);
            if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return new FilterLiteral(FieldKind.Double, null, 0, d);
            throw Error($"'{number}' is not a number");
        }
        var word = ReadWord(allowDots: false);
        switch (word)
        {
            case "true": return new FilterLiteral(FieldKind.Bool, null, 1, 0);
            case "false": return new FilterLiteral(FieldKind.Bool, null, 0, 0);
            case "nil": return new FilterLiteral(FieldKind.Missing, null, 0, 0);
        }
        if (FilterField.EnumValue(word) is { } value) return new FilterLiteral(FieldKind.Int, null, value, 0);
        _pos = start;
        throw Error(word.Length == 0 ? "expected a value" : $"unknown value '{word}'");
    }

    private string ParseString()
    {
        SkipSpace();
        if (_pos >= _text.Length || _text[_pos] != '"') throw Error("expected a double-quoted string");
        _pos++;
        var sb = new StringBuilder();
        while (_pos < _text.Length && _text[_pos] != '"')
        {
            var c = _text[_pos++];
            if (c == '\\' && _pos < _text.Length)
            {
                var escaped = _text[_pos++];
                sb.Append(escaped switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => escaped });
            }
            else
            {
                sb.Append(c);
            }
        }
        if (_pos >= _text.Length) throw Error("unterminated string");
        _pos++;
        return sb.ToString();
    }

    private Regex Compile(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);
        }
        catch (ArgumentException e)
        {
            throw Error($"invalid regular expression \"{pattern}\": {e.Message}");
        }
    }

    private string ReadWord(bool allowDots)
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_' || (allowDots && _text[_pos] == '.'))) _pos++;
        return _text[start.._pos];
    }

    private bool TryKeyword(string keyword)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _pos, keyword, 0, keyword.Length) != 0) return false;
        var end = _pos + keyword.Length;
        if (end < _text.Length && (char.IsAsciiLetterOrDigit(_text[end]) || _text[end] is '_' or '.')) return false;
        _pos = end;
        return true;
    }

    private bool TrySymbol(string symbol)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _pos, symbol, 0, symbol.Length) != 0) return false;
        _pos += symbol.Length;
        return true;
    }

    private void Expect(string symbol)
    {
        if (!TrySymbol(symbol)) throw Error($"expected '{symbol}'");
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private FormatException Error(string message) => new($"column {_pos + 1}: {message}");

    private static string ContextName(FilterContextKind context) => context switch
    {
        FilterContextKind.Span => "span",
        FilterContextKind.SpanEvent => "spanevent",
        FilterContextKind.Metric => "metric",
        FilterContextKind.DataPoint => "datapoint",
        _ => "log_record",
    };
}
