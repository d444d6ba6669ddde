using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Orrery.EndToEnd.Tests.PromQL;

/// <summary>One point of an answer: a float, or a native histogram kept as its JSON text.</summary>
internal readonly record struct AnswerPoint(long TimestampMs, double Value, string? Histogram = null);

/// <summary>One series or vector element of an answer, its labels written canonically.</summary>
internal sealed record AnswerSeries(string Labels, IReadOnlyList<AnswerPoint> Points);

/// <summary>
/// A query API answer reduced to what the differential test compares: the error type, or the
/// result type and its series. Messages and warnings are kept only to explain a difference.
/// </summary>
internal sealed record QueryAnswer(int Status, string? ErrorType, string? Error, string? ResultType, IReadOnlyList<AnswerSeries> Series, string? Text)
{
    public bool IsError => ErrorType is not null;

    public static QueryAnswer Parse(HttpStatusCode status, string body)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return new QueryAnswer((int)status, "not_json", Shorten(body), null, [], null);
        }
        using (json)
        {
            var root = json.RootElement;
            if (root.GetProperty("status").GetString() != "success")
                return new QueryAnswer((int)status, root.GetProperty("errorType").GetString(), root.GetProperty("error").GetString(), null, [], null);
            var data = root.GetProperty("data");
            var resultType = data.GetProperty("resultType").GetString()!;
            var result = data.GetProperty("result");
            switch (resultType)
            {
                case "vector":
                    return new QueryAnswer((int)status, null, null, resultType, result.EnumerateArray().Select(VectorElement).ToList(), null);
                case "matrix":
                    return new QueryAnswer((int)status, null, null, resultType, result.EnumerateArray().Select(MatrixSeries).ToList(), null);
                case "scalar":
                    return new QueryAnswer((int)status, null, null, resultType, [new AnswerSeries("", [Point(result)])], null);
                default:
                    return new QueryAnswer((int)status, null, null, resultType, [new AnswerSeries("", [new AnswerPoint(Timestamp(result[0]), 0)])], result[1].GetString());
            }
        }
    }

    public static double ParseValue(string text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static AnswerSeries VectorElement(JsonElement element)
    {
        var labels = Labels(element.GetProperty("metric"));
        if (element.TryGetProperty("histogram", out var histogram))
            return new AnswerSeries(labels, [new AnswerPoint(Timestamp(histogram[0]), 0, histogram[1].GetRawText())]);
        return new AnswerSeries(labels, [Point(element.GetProperty("value"))]);
    }

    private static AnswerSeries MatrixSeries(JsonElement element)
    {
        var points = new List<AnswerPoint>();
        if (element.TryGetProperty("values", out var values)) points.AddRange(values.EnumerateArray().Select(Point));
        if (element.TryGetProperty("histograms", out var histograms))
            points.AddRange(histograms.EnumerateArray().Select(h => new AnswerPoint(Timestamp(h[0]), 0, h[1].GetRawText())));
        points.Sort((a, b) => a.TimestampMs.CompareTo(b.TimestampMs));
        return new AnswerSeries(Labels(element.GetProperty("metric")), points);
    }

    private static AnswerPoint Point(JsonElement pair) => new(Timestamp(pair[0]), ParseValue(pair[1].GetString()!));

    private static long Timestamp(JsonElement seconds) => (long)Math.Round(seconds.GetDouble() * 1000);

    /// <summary><c>{a="1", b="2"}</c> with names sorted, whatever order the server wrote.</summary>
    private static string Labels(JsonElement metric)
    {
        var text = new StringBuilder("{");
        foreach (var (name, value) in metric.EnumerateObject().Select(p => (p.Name, p.Value.GetString()!)).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (text.Length > 1) text.Append(", ");
            text.Append(name).Append("=\"").Append(value).Append('"');
        }
        return text.Append('}').ToString();
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
