using System.Text;
using System.Text.Json;

namespace Orrery.Query.LogQL.Pipeline;

/// <summary>
/// <c>| unpack</c>: the line is a JSON object written by Promtail's <c>pack</c> stage; its string
/// fields become labels and <c>_entry</c> becomes the line.
/// </summary>
internal sealed class UnpackParser : ILogStage
{
    public bool Process(LogLine line)
    {
        string? entry = null;
        try
        {
            var reader = new Utf8JsonReader(line.Utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                line.SetError(JsonParser.Error, "expected a JSON object");
                return true;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    reader.Skip();
                    continue;
                }
                if (key == "_entry") entry = reader.GetString();
                else line.SetParsed(JsonParser.Sanitize(key), reader.GetString()!);
            }
        }
        catch (JsonException e)
        {
            line.SetError(JsonParser.Error, e.Message);
            return true;
        }
        if (entry is not null) line.Line = entry;
        return true;
    }
}
