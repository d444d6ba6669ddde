using System.Text.Json;

namespace Orrery.Query.LogQL.Pipeline;

/// <summary>
/// <c>fromJson</c>: JSON text to template values as Go's encoding/json decodes into
/// <c>interface{}</c> (objects as maps, arrays as lists, numbers as float64). Invalid JSON is an
/// empty map, as sprig's fromJson gives.
/// </summary>
internal static class TemplateJson
{
    public static object? Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Convert(document.RootElement);
        }
        catch (JsonException)
        {
            return new Dictionary<string, object?>(StringComparer.Ordinal);
        }
    }

    private static object? Convert(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Aggregate(new Dictionary<string, object?>(StringComparer.Ordinal), (map, p) =>
        {
            map[p.Name] = Convert(p.Value);
            return map;
        }),
        JsonValueKind.Array => element.EnumerateArray().Select(Convert).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
