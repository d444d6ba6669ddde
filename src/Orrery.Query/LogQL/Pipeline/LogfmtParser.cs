using System.Text;

namespace Orrery.Query.LogQL.Pipeline;

/// <summary>
/// <c>| logfmt</c>: <c>key=value key2="quoted value"</c> pairs become labels. Malformed pairs are
/// skipped, or with <c>--strict</c> stop the parse with <c>__error__="LogfmtParserErr"</c>; keys
/// without a value are kept (as "") only with <c>--keep-empty</c>. With parameters, only the
/// named keys are extracted, each into its label.
/// </summary>
internal sealed class LogfmtParser(bool strict, IReadOnlyList<Syntax.LabelExtraction> extractions) : ILogStage
{
    public const string Error = "LogfmtParserErr";

    private readonly Dictionary<string, string>? _wanted = extractions.Count == 0
        ? null
        : extractions.GroupBy(e => e.Expression, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);

    public bool Process(LogLine line)
    {
        var text = line.Line;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && text[i] <= ' ') i++;
            if (i >= text.Length) break;
            var keyStart = i;
            while (i < text.Length && text[i] > ' ' && text[i] != '=' && text[i] != '"') i++;
            var key = text[keyStart..i];
            if (key.Length == 0)
            {
                if (strict)
                {
                    line.SetError(Error, $"logfmt syntax error at pos {i + 1} : unexpected '{text[i]}'");
                    return true;
                }
                // Skip the malformed token.
                while (i < text.Length && text[i] > ' ') i++;
                continue;
            }
            string value;
            var hasValue = i < text.Length && text[i] == '=';
            if (!hasValue) value = "";
            else
            {
                i++;
                if (i < text.Length && text[i] == '"')
                {
                    if (!TryReadQuoted(text, ref i, out value))
                    {
                        if (strict)
                        {
                            line.SetError(Error, $"logfmt syntax error at pos {i + 1} : unterminated quoted value");
                            return true;
                        }
                        break;
                    }
                }
                else
                {
                    var valueStart = i;
                    while (i < text.Length && text[i] > ' ')
                    {
                        if (text[i] == '"' && strict)
                        {
                            line.SetError(Error, $"logfmt syntax error at pos {i + 1} : unexpected '\"'");
                            return true;
                        }
                        i++;
                    }
                    value = text[valueStart..i];
                }
            }
            Add(line, key, value);
        }
        return true;
    }

    private void Add(LogLine line, string key, string value)
    {
        string name;
        if (_wanted is not null)
        {
            if (!_wanted.TryGetValue(key, out var label)) return;
            name = label;
        }
        else name = JsonParser.Sanitize(key);
        // An empty label is an absent label in Loki's label sets, so --keep-empty changes what
        // is visible only through *_extracted renames; both spellings end here.
        if (value.Length == 0) return;
        line.SetParsed(name, value);
    }

    private static bool TryReadQuoted(string text, ref int i, out string value)
    {
        var sb = new StringBuilder();
        i++;
        while (i < text.Length)
        {
            var c = text[i++];
            if (c == '"')
            {
                value = sb.ToString();
                return true;
            }
            if (c == '\\' && i < text.Length)
            {
                var e = text[i++];
                sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => e });
            }
            else sb.Append(c);
        }
        value = "";
        return false;
    }
}
