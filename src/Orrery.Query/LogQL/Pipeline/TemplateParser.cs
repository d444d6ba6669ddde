using System.Globalization;
using System.Text;

namespace Orrery.Query.LogQL.Pipeline;

/// <summary>Parses template text into nodes; errors are <see cref="FormatException"/>s naming the problem.</summary>
internal sealed class TemplateParser(string text)
{
    private int _pos;

    public Template.Node[] ParseAll()
    {
        var nodes = ParseNodes(out var terminator);
        if (terminator is not null) throw new FormatException($"unexpected {{{{{terminator}}}}}");
        return nodes;
    }

    /// <summary>Parses until end of text or an <c>else</c>/<c>end</c> action, which it returns in <paramref name="terminator"/>.</summary>
    private Template.Node[] ParseNodes(out string? terminator)
    {
        var nodes = new List<Template.Node>();
        terminator = null;
        while (_pos < text.Length)
        {
            var open = text.IndexOf("{{", _pos, StringComparison.Ordinal);
            var literal = open < 0 ? text[_pos..] : text[_pos..open];
            var trimLeft = open >= 0 && open + 2 < text.Length && text[open + 2] == '-' && open + 3 < text.Length && char.IsWhiteSpace(text[open + 3]);
            if (trimLeft) literal = literal.TrimEnd();
            if (literal.Length > 0) nodes.Add(new Template.TextNode(literal));
            if (open < 0)
            {
                _pos = text.Length;
                break;
            }
            var contentStart = open + (trimLeft ? 3 : 2);
            var close = FindClose(contentStart);
            var trimRight = close > contentStart && text[close - 1] == '-' && char.IsWhiteSpace(text[close - 2]);
            var content = text[contentStart..(trimRight ? close - 1 : close)].Trim();
            _pos = close + 2;
            if (trimRight)
            {
                while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++;
            }
            if (content.StartsWith("/*", StringComparison.Ordinal)) continue;
            if (content is "end" || content == "else" || content.StartsWith("else ", StringComparison.Ordinal))
            {
                terminator = content;
                return [.. nodes];
            }
            if (content.StartsWith("if ", StringComparison.Ordinal)) nodes.Add(ParseIf(content[3..]));
            else if (content.StartsWith("with ", StringComparison.Ordinal)) nodes.Add(ParseWith(content[5..]));
            else if (content.StartsWith("range ", StringComparison.Ordinal)) nodes.Add(ParseRange(content[6..]));
            else if (content is "break" or "continue" || content.StartsWith("define ", StringComparison.Ordinal)
                     || content.StartsWith("template ", StringComparison.Ordinal) || content.StartsWith("block ", StringComparison.Ordinal))
                throw new FormatException($"{content.Split(' ')[0]} is not supported");
            else if (TryParseVariable(content, out var variable)) nodes.Add(variable);
            else nodes.Add(new Template.ActionNode(new PipeReader(content).ReadWholePipe()));
        }
        return [.. nodes];
    }

    /// <summary><c>$x := pipe</c> or <c>$x = pipe</c>.</summary>
    private static bool TryParseVariable(string content, out Template.Node node)
    {
        node = null!;
        if (!content.StartsWith('$')) return false;
        var nameEnd = 1;
        while (nameEnd < content.Length && (char.IsLetterOrDigit(content[nameEnd]) || content[nameEnd] == '_')) nameEnd++;
        var rest = content[nameEnd..].TrimStart();
        var declare = rest.StartsWith(":=", StringComparison.Ordinal);
        if (!declare && !(rest.StartsWith('=') && !rest.StartsWith("==", StringComparison.Ordinal))) return false;
        var pipe = new PipeReader(rest[(declare ? 2 : 1)..]).ReadWholePipe();
        node = new Template.VariableNode(content[..nameEnd], declare, pipe);
        return true;
    }

    private Template.IfNode ParseIf(string condition)
    {
        var pipe = new PipeReader(condition).ReadWholePipe();
        var then = ParseNodes(out var terminator);
        var otherwise = ParseElse(terminator, "if", out var chained);
        if (chained is not null)
        {
            if (!chained.StartsWith("if ", StringComparison.Ordinal)) throw new FormatException("expected {{else if}} after {{if}}");
            otherwise = [ParseIf(chained[3..])];
        }
        return new Template.IfNode(pipe, then, otherwise);
    }

    private Template.WithNode ParseWith(string value)
    {
        var pipe = new PipeReader(value).ReadWholePipe();
        var then = ParseNodes(out var terminator);
        var otherwise = ParseElse(terminator, "with", out var chained);
        if (chained is not null)
        {
            if (!chained.StartsWith("with ", StringComparison.Ordinal)) throw new FormatException("expected {{else with}} after {{with}}");
            otherwise = [ParseWith(chained[5..])];
        }
        return new Template.WithNode(pipe, then, otherwise);
    }

    private Template.RangeNode ParseRange(string header)
    {
        string? key = null, value = null;
        var declaration = header.IndexOf(":=", StringComparison.Ordinal);
        if (declaration >= 0)
        {
            var names = header[..declaration].Split(',', StringSplitOptions.TrimEntries);
            if (names.Length > 2 || names.Any(n => n.Length < 2 || n[0] != '$')) throw new FormatException("range can only declare $value or $key, $value");
            (key, value) = names.Length == 2 ? (names[0], names[1]) : (null, names[0]);
            header = header[(declaration + 2)..];
        }
        var pipe = new PipeReader(header).ReadWholePipe();
        var body = ParseNodes(out var terminator);
        var otherwise = ParseElse(terminator, "range", out var chained);
        if (chained is not null) throw new FormatException("unexpected {{else " + chained + "}} in range");
        return new Template.RangeNode(key, value, pipe, body, otherwise);
    }

    /// <summary>
    /// After a block's body: nothing for <c>end</c>, the else branch for <c>else</c>; for
    /// <c>else if …</c>/<c>else with …</c> the rest (<paramref name="chained"/>) for the caller, whose nested block consumes the one <c>end</c>.
    /// </summary>
    private Template.Node[] ParseElse(string? terminator, string block, out string? chained)
    {
        chained = null;
        if (terminator is null) throw new FormatException($"unexpected EOF: {block} without end");
        if (terminator == "end") return [];
        if (terminator == "else")
        {
            var otherwise = ParseNodes(out var end);
            if (end != "end") throw new FormatException("expected {{end}}");
            return otherwise;
        }
        chained = terminator[5..].Trim();
        return [];
    }

    private int FindClose(int from)
    {
        var inString = '\0';
        for (var i = from; i < text.Length - 1; i++)
        {
            var c = text[i];
            if (inString != '\0')
            {
                if (c == '\\' && inString == '"') i++;
                else if (c == inString) inString = '\0';
            }
            else if (c is '"' or '`') inString = c;
            else if (c == '}' && text[i + 1] == '}') return i;
        }
        throw new FormatException("unclosed action");
    }

    /// <summary>Reads one action's pipeline.</summary>
    private sealed class PipeReader(string s)
    {
        private int _p;

        public Template.Pipe ReadWholePipe()
        {
            var pipe = ReadPipe();
            SkipSpace();
            if (_p < s.Length) throw new FormatException($"unexpected \"{s[_p..]}\" in action");
            return pipe;
        }

        private Template.Pipe ReadPipe()
        {
            var commands = new List<Template.Command>();
            while (true)
            {
                commands.Add(ReadCommand());
                SkipSpace();
                if (_p < s.Length && s[_p] == '|')
                {
                    _p++;
                    continue;
                }
                return new Template.Pipe([.. commands]);
            }
        }

        private Template.Command ReadCommand()
        {
            var operands = new List<Template.Command>();
            string? function = null;
            while (true)
            {
                SkipSpace();
                if (_p >= s.Length || s[_p] is '|' or ')') break;
                var operand = ReadOperand(out var identifier);
                if (identifier is not null)
                {
                    if (operands.Count == 0 && function is null) function = identifier;
                    else operands.Add(new Template.CallCommand(identifier, Lookup(identifier), []));
                }
                else operands.Add(operand!);
            }
            if (function is not null) return new Template.CallCommand(function, Lookup(function), [.. operands]);
            if (operands.Count == 0) throw new FormatException("missing value for command");
            if (operands.Count > 1) throw new FormatException("can't give argument to non-function");
            return operands[0];
        }

        private static TemplateFunction Lookup(string name) =>
            TemplateFunctions.All.TryGetValue(name, out var fn) ? fn : throw new FormatException($"function \"{name}\" not defined");

        private Template.Command? ReadOperand(out string? identifier)
        {
            identifier = null;
            var c = s[_p];
            if (c == '(')
            {
                _p++;
                var inner = ReadPipe();
                SkipSpace();
                if (_p >= s.Length || s[_p] != ')') throw new FormatException("unclosed left paren");
                _p++;
                var fields = _p < s.Length && s[_p] == '.' ? ReadFields() : [];
                return fields.Length == 0 ? new Template.PipeCommand(inner) : new Template.ChainCommand(new Template.PipeCommand(inner), fields);
            }
            if (c == '.' && (_p + 1 >= s.Length || !char.IsAsciiDigit(s[_p + 1])))
            {
                _p++;
                if (_p >= s.Length || !(char.IsLetter(s[_p]) || s[_p] == '_')) return new Template.FieldCommand(null, []);
                _p--;
                return new Template.FieldCommand(null, ReadFields());
            }
            if (c == '$')
            {
                var start = _p++;
                while (_p < s.Length && (char.IsLetterOrDigit(s[_p]) || s[_p] == '_')) _p++;
                return new Template.FieldCommand(s[start.._p], ReadFields());
            }
            if (c is '"' or '`') return new Template.ConstantCommand(ReadString());
            if (char.IsAsciiDigit(c) || (c == '-' && _p + 1 < s.Length && char.IsAsciiDigit(s[_p + 1])))
            {
                var start = _p++;
                while (_p < s.Length && (char.IsAsciiDigit(s[_p]) || s[_p] is '.' or 'e' or 'E')) _p++;
                var number = s[start.._p];
                if (long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) return new Template.ConstantCommand(integer);
                if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)) return new Template.ConstantCommand(real);
                throw new FormatException($"bad number syntax: \"{number}\"");
            }
            if (char.IsLetter(c) || c == '_')
            {
                var start = _p;
                while (_p < s.Length && (char.IsLetterOrDigit(s[_p]) || s[_p] == '_')) _p++;
                var word = s[start.._p];
                switch (word)
                {
                    case "true": return new Template.ConstantCommand(true);
                    case "false": return new Template.ConstantCommand(false);
                    case "nil": return new Template.ConstantCommand(null);
                }
                identifier = word;
                return null;
            }
            throw new FormatException($"unexpected \"{c}\" in command");
        }

        /// <summary>A chain <c>.a.b</c> (possibly empty) at the current position.</summary>
        private string[] ReadFields()
        {
            var fields = new List<string>();
            while (_p < s.Length && s[_p] == '.')
            {
                var start = ++_p;
                while (_p < s.Length && (char.IsLetterOrDigit(s[_p]) || s[_p] == '_')) _p++;
                if (_p == start) throw new FormatException("unexpected . after term");
                fields.Add(s[start.._p]);
            }
            return [.. fields];
        }

        private string ReadString()
        {
            var quote = s[_p++];
            var value = new StringBuilder();
            while (_p < s.Length)
            {
                var c = s[_p++];
                if (c == quote) return value.ToString();
                if (c == '\\' && quote == '"' && _p < s.Length)
                {
                    var e = s[_p++];
                    value.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => e });
                }
                else value.Append(c);
            }
            throw new FormatException("unterminated quoted string");
        }

        private void SkipSpace()
        {
            while (_p < s.Length && char.IsWhiteSpace(s[_p])) _p++;
        }
    }
}
