using System.Text;
using System.Text.Json;

namespace Orrery.Query.LogQL.Pipeline;

/// <summary>
/// <c>| json</c>: every scalar field of the line's JSON object becomes a label, nested keys
/// joined with <c>_</c>; arrays are skipped (Loki's behaviour). A line that is not a JSON
/// object gets <c>__error__="JSONParserErr"</c>.
/// </summary>
internal sealed class JsonParser : ILogStage
{
    public const string Error = "JSONParserErr";
    private readonly StringBuilder _key = new();

    public bool Process(LogLine line)
    {
        try
        {
            var reader = new Utf8JsonReader(line.Utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                line.SetError(Error, "expected a JSON object");
                return true;
            }
            _key.Clear();
            ReadObject(ref reader, line);
        }
        catch (JsonException e)
        {
            line.SetError(Error, e.Message);
        }
        return true;
    }

    private void ReadObject(ref Utf8JsonReader reader, LogLine line)
    {
        var prefixLength = _key.Length;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            _key.Length = prefixLength;
            if (prefixLength > 0) _key.Append('_');
            AppendSanitized(_key, reader.GetString()!, prefixLength == 0);
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    ReadObject(ref reader, line);
                    break;
                case JsonTokenType.StartArray:
                    reader.Skip();
                    break;
                case JsonTokenType.String:
                    line.SetParsed(_key.ToString(), reader.GetString()!);
                    break;
                case JsonTokenType.Number:
                    line.SetParsed(_key.ToString(), Encoding.UTF8.GetString(reader.ValueSpan));
                    break;
                case JsonTokenType.True:
                    line.SetParsed(_key.ToString(), "true");
                    break;
                case JsonTokenType.False:
                    line.SetParsed(_key.ToString(), "false");
                    break;
            }
        }
        _key.Length = prefixLength;
    }

    /// <summary>Label names allow [a-zA-Z0-9_] and must not start with a digit.</summary>
    internal static void AppendSanitized(StringBuilder key, string name, bool first)
    {
        if (first && name.Length > 0 && char.IsAsciiDigit(name[0])) key.Append('_');
        foreach (var c in name) key.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
    }

    internal static string Sanitize(string name)
    {
        var key = new StringBuilder(name.Length + 1);
        AppendSanitized(key, name, true);
        return key.ToString();
    }
}

/// <summary><c>| json a="b.c", d="e[0]"</c>: only the named paths, each into its label.</summary>
internal sealed class JsonExpressionParser : ILogStage
{
    private readonly (string Label, object[] Path)[] _extractions;

    public JsonExpressionParser(IEnumerable<Syntax.LabelExtraction> extractions) =>
        _extractions = extractions.Select(e => (e.Name, JsonPath.Parse(e.Expression))).ToArray();

    public bool Process(LogLine line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.Utf8.ToArray());
        }
        catch (JsonException e)
        {
            line.SetError(JsonParser.Error, e.Message);
            return true;
        }
        using (document)
        {
            foreach (var (label, path) in _extractions)
            {
                if (JsonPath.TryResolve(document.RootElement, path, out var element)) line.SetParsed(label, JsonPath.Render(element));
            }
        }
        return true;
    }
}

/// <summary>Loki's JSON expressions: <c>a.b</c>, <c>a[0]</c>, <c>a["b c"]</c>, <c>["x"].y</c>.</summary>
internal static class JsonPath
{
    public static object[] Parse(string expression)
    {
        var path = new List<object>();
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (c == '.')
            {
                i++;
                continue;
            }
            if (c == '[')
            {
                var close = expression.IndexOf(']', i);
                if (close < 0) throw new FormatException($"invalid JSON expression {expression}");
                var inner = expression[(i + 1)..close].Trim();
                if (inner.Length >= 2 && inner[0] == '"' && inner[^1] == '"') path.Add(inner[1..^1]);
                else if (int.TryParse(inner, out var index)) path.Add(index);
                else throw new FormatException($"invalid JSON expression {expression}");
                i = close + 1;
                continue;
            }
            var start = i;
            while (i < expression.Length && expression[i] is not ('.' or '[')) i++;
            path.Add(expression[start..i]);
        }
        return [.. path];
    }

    public static bool TryResolve(JsonElement root, object[] path, out JsonElement element)
    {
        element = root;
        foreach (var step in path)
        {
            if (step is string name)
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element)) return false;
            }
            else
            {
                var index = (int)step;
                if (element.ValueKind != JsonValueKind.Array || index >= element.GetArrayLength()) return false;
                element = element[index];
            }
        }
        return true;
    }

    public static string Render(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Null => "",
        _ => element.GetRawText(),
    };
}
