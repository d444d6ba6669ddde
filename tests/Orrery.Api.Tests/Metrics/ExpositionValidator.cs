using System.Globalization;
using System.Text.RegularExpressions;

namespace Orrery.Api.Tests.Metrics;

/// <summary>
/// Checks exposition text against the structure of its format, as a scraper's parser would:
/// OpenMetrics 1.0 (metadata lines, family names, <c>_total</c>, canonical <c>le</c>, cumulative
/// buckets, exemplar syntax and size, <c># EOF</c>) or the Prometheus text format 0.0.4.
/// Returns the problems found; an empty list means the text is valid.
/// </summary>
internal static partial class ExpositionValidator
{
    public static List<string> OpenMetrics(string text) => Validate(text, openMetrics: true);

    public static List<string> Text(string text) => Validate(text, openMetrics: false);

    private static List<string> Validate(string text, bool openMetrics)
    {
        var problems = new List<string>();
        if (!text.EndsWith('\n')) problems.Add("does not end with a newline");
        var lines = text.TrimEnd('\n').Split('\n');
        if (openMetrics && lines[^1] != "# EOF") problems.Add("last line is not # EOF");
        if (!openMetrics && text.Contains("# EOF", StringComparison.Ordinal)) problems.Add("# EOF in the text format");
        string? family = null, type = null;
        var seenFamilies = new HashSet<string>(StringComparer.Ordinal);
        var histogram = new HistogramCheck();
        for (var n = 0; n < lines.Length - (openMetrics ? 1 : 0); n++)
        {
            var line = lines[n];
            var where = $"line {n + 1} \"{line}\": ";
            if (line.StartsWith('#'))
            {
                var meta = Metadata().Match(line);
                if (!meta.Success)
                {
                    problems.Add(where + "malformed metadata line");
                    continue;
                }
                var (kind, name, rest) = (meta.Groups[1].Value, meta.Groups[2].Value, meta.Groups[3].Value);
                if (kind == "UNIT" && !openMetrics) problems.Add(where + "UNIT in the text format");
                if (kind == "TYPE")
                {
                    histogram.Finish(problems, where);
                    if (!seenFamilies.Add(name)) problems.Add(where + "family typed twice");
                    (family, type) = (name, rest);
                    var types = openMetrics ? ["counter", "gauge", "histogram", "gaugehistogram", "summary", "info", "stateset", "unknown"] : new[] { "counter", "gauge", "histogram", "summary", "untyped" };
                    if (!types.Contains(rest)) problems.Add(where + "unknown type");
                    if (openMetrics && rest == "counter" && name.EndsWith("_total", StringComparison.Ordinal)) problems.Add(where + "OpenMetrics counter family named with _total");
                }
                else if (name != family) problems.Add(where + $"{kind} for {name} inside family {family}");
                if (kind == "UNIT" && !name.EndsWith("_" + rest, StringComparison.Ordinal)) problems.Add(where + "unit is not a suffix of the family name");
                continue;
            }
            var sample = (openMetrics ? OpenMetricsSample() : TextSample()).Match(line);
            if (!sample.Success)
            {
                problems.Add(where + "malformed sample line");
                continue;
            }
            var sampleName = sample.Groups["name"].Value;
            var labels = sample.Groups["labels"].Value;
            var value = ParseValue(sample.Groups["value"].Value);
            if (family is null || type is null)
            {
                problems.Add(where + "sample before any TYPE");
                continue;
            }
            string[] allowed = type switch
            {
                "counter" when openMetrics => [family + "_total", family + "_created"],
                "histogram" => [family + "_bucket", family + "_count", family + "_sum", family + "_created"],
                _ => [family],
            };
            if (!allowed.Contains(sampleName)) problems.Add(where + $"sample {sampleName} does not belong to {type} family {family}");
            if (sample.Groups["exemplar"].Success)
            {
                if (!sampleName.EndsWith("_bucket", StringComparison.Ordinal) && !sampleName.EndsWith("_total", StringComparison.Ordinal))
                    problems.Add(where + "exemplar on a sample that cannot carry one");
                var exemplarLabels = LabelPair().Matches(sample.Groups["exemplarLabels"].Value);
                if (exemplarLabels.Sum(m => m.Groups[1].Value.Length + m.Groups[2].Value.Length) > 128) problems.Add(where + "exemplar labels over 128 characters");
            }
            if (type == "histogram") histogram.Add(problems, where, sampleName, family, labels, value, openMetrics);
        }
        histogram.Finish(problems, "end: ");
        return problems;
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    /// <summary>Per label set (without le): bounds ascending, counts cumulative, +Inf last and equal to _count.</summary>
    private sealed class HistogramCheck
    {
        private readonly Dictionary<string, List<(double Le, double Count)>> _buckets = new(StringComparer.Ordinal);
        private readonly Dictionary<string, double> _counts = new(StringComparer.Ordinal);

        public void Add(List<string> problems, string where, string name, string family, string labels, double value, bool openMetrics)
        {
            var le = LabelPair().Matches(labels).FirstOrDefault(m => m.Groups[1].Value == "le");
            var rest = string.Join(',', LabelPair().Matches(labels).Where(m => m.Groups[1].Value != "le").Select(m => m.Value));
            if (name == family + "_count") _counts[rest] = value;
            if (name != family + "_bucket") return;
            if (le is null)
            {
                problems.Add(where + "bucket without le");
                return;
            }
            var bound = le.Groups[2].Value;
            if (openMetrics && bound != "+Inf" && bound.IndexOfAny(['.', 'e']) < 0) problems.Add(where + "le is not a canonical number");
            if (!_buckets.TryGetValue(rest, out var list)) _buckets[rest] = list = [];
            list.Add((ParseValue(bound), value));
        }

        public void Finish(List<string> problems, string where)
        {
            foreach (var (labels, list) in _buckets)
            {
                for (var i = 1; i < list.Count; i++)
                {
                    if (list[i].Le <= list[i - 1].Le) problems.Add(where + $"{labels}: bounds not ascending");
                    if (list[i].Count < list[i - 1].Count) problems.Add(where + $"{labels}: counts not cumulative");
                }
                if (!double.IsPositiveInfinity(list[^1].Le)) problems.Add(where + $"{labels}: no +Inf bucket");
                if (!_counts.TryGetValue(labels, out var count) || count != list[^1].Count) problems.Add(where + $"{labels}: +Inf bucket differs from _count");
            }
            _buckets.Clear();
            _counts.Clear();
        }
    }

    [GeneratedRegex("""^# (HELP|TYPE|UNIT) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)$""")]
    private static partial Regex Metadata();

    private const string Name = "(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)";
    private const string LabelBody = """\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*)?\}""";
    private const string Labels = "(?<labels>" + LabelBody + ")?";
    private const string Number = """(?:[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]Inf|NaN)""";

    [GeneratedRegex("^" + Name + Labels + " (?<value>" + Number + ")( -?[0-9]+)?$")]
    private static partial Regex TextSample();

    [GeneratedRegex("^" + Name + Labels + " (?<value>" + Number + ")( " + Number + ")?(?<exemplar> # (?<exemplarLabels>" + LabelBody + ") " + Number + "( " + Number + ")?)?$")]
    private static partial Regex OpenMetricsSample();

    [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"?""")]
    private static partial Regex LabelPair();
}
