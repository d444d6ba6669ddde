using System.Collections.Frozen;
using System.Text;
using Orrery.Signals;

namespace Orrery.Receive.Otlp.Metrics;

/// <summary>
/// Metric and label names as the OpenTelemetry "Prometheus and OpenMetrics compatibility"
/// specification derives them from OTLP: characters outside Prometheus's alphabet become
/// <c>_</c> (runs of <c>_</c> collapse to one), the unit becomes a word suffix
/// (<c>s</c> → <c>_seconds</c>, <c>By/s</c> → <c>_bytes_per_second</c>, <c>{packet}</c> → nothing),
/// monotonic sums end in <c>_total</c> and gauges of unit <c>1</c> in <c>_ratio</c>.
/// </summary>
/// <remarks>
/// A suffix is not added again when the name already holds it as a whole word
/// (<c>http.server.duration_seconds</c> keeps one <c>seconds</c>), which is how Prometheus's own
/// OTLP translator reads the specification's "unless the metric name already ends with the unit".
/// Label names from attributes never start with <c>__</c> (reserved for Prometheus): collapsing
/// runs of <c>_</c> and prefixing <c>key</c> to a leading <c>_</c> rule it out.
/// </remarks>
public static class PrometheusNames
{
    /// <summary>UCUM units → Prometheus unit words (the specification's table, plus <c>1</c> which has no word).</summary>
    private static readonly FrozenDictionary<string, string> UnitWords = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["d"] = "days",
        ["h"] = "hours",
        ["min"] = "minutes",
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes",
        ["TiBy"] = "tebibytes",
        ["KBy"] = "kilobytes",
        ["kBy"] = "kilobytes",
        ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes",
        ["TBy"] = "terabytes",
        ["m"] = "meters",
        ["V"] = "volts",
        ["A"] = "amperes",
        ["J"] = "joules",
        ["W"] = "watts",
        ["g"] = "grams",
        ["Cel"] = "celsius",
        ["Hz"] = "hertz",
        ["%"] = "percent",
        ["1"] = "",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The denominator of a rate unit (<c>x/s</c> → <c>per_second</c>).</summary>
    private static readonly FrozenDictionary<string, string> PerUnitWords = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["s"] = "second",
        ["m"] = "minute",
        ["h"] = "hour",
        ["d"] = "day",
        ["w"] = "week",
        ["mo"] = "month",
        ["y"] = "year",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The Prometheus metric family name of an OTLP metric (without <c>_bucket</c>/<c>_sum</c>/<c>_count</c>),
    /// or "" when nothing of the name is left (the metric cannot be stored).
    /// </summary>
    /// <param name="counter">A monotonic sum: gets <c>_total</c>.</param>
    /// <param name="gauge">An OTLP gauge: unit <c>1</c> gets <c>_ratio</c>.</param>
    public static string MetricName(string name, string unit, bool counter, bool gauge)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(unit);
        var tokens = Tokens(name, allowColon: true);
        if (counter && tokens.Count > 0 && tokens[^1] == "total") tokens.RemoveAt(tokens.Count - 1);
        var (main, per) = UnitParts(unit);
        AddUnlessPresent(tokens, Tokens(main, allowColon: false));
        if (per.Length > 0) AddUnlessPresent(tokens, ["per", .. Tokens(per, allowColon: false)]);
        if (counter) tokens.Add("total");
        if (gauge && unit == "1" && (tokens.Count == 0 || tokens[^1] != "ratio")) tokens.Add("ratio");
        if (tokens.Count == 0) return string.Empty;
        var result = string.Join('_', tokens);
        // Prometheus names may not start with a digit.
        return char.IsAsciiDigit(result[0]) ? "_" + result : result;
    }

    /// <summary>The unit as Prometheus metadata carries it: <c>seconds</c>, <c>bytes_per_second</c>, "" for <c>1</c>.</summary>
    public static string UnitName(string unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var (main, per) = UnitParts(unit);
        var words = Tokens(main, allowColon: false);
        if (per.Length > 0) words.AddRange(["per", .. Tokens(per, allowColon: false)]);
        return string.Join('_', words);
    }

    /// <summary>
    /// Appends the Prometheus label name of an attribute key to <paramref name="arena"/>:
    /// invalid characters → <c>_</c>, runs of <c>_</c> collapsed, <c>key_</c> before a leading
    /// digit and <c>key</c> before a leading <c>_</c>. Returns an empty reference for an empty key.
    /// </summary>
    public static Utf8Ref AppendLabelName(ReadOnlySpan<byte> key, ByteArena arena)
    {
        ArgumentNullException.ThrowIfNull(arena);
        if (key.IsEmpty) return default;
        var start = arena.Length;
        var room = arena.Reserve(key.Length + 4, out _);
        var n = 0;
        if (key[0] is >= (byte)'0' and <= (byte)'9')
        {
            "key_"u8.CopyTo(room);
            n = 4;
        }
        else if (key[0] == '_' || !IsLabelChar(key[0]))
        {
            "key"u8.CopyTo(room);
            n = 3;
        }
        foreach (var b in key)
        {
            var c = IsLabelChar(b) ? b : (byte)'_';
            if (c == '_' && n > 0 && room[n - 1] == '_') continue;
            room[n++] = c;
        }
        arena.Truncate(start + n);
        return new Utf8Ref(start, n);
    }

    /// <summary>Prometheus's legacy label name rule, <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    public static bool IsValidLabelName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || name[0] is >= (byte)'0' and <= (byte)'9') return false;
        foreach (var b in name)
        {
            if (!IsLabelChar(b)) return false;
        }
        return true;
    }

    /// <summary>Prometheus's legacy metric name rule, <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    public static bool IsValidMetricName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || name[0] is >= (byte)'0' and <= (byte)'9') return false;
        foreach (var b in name)
        {
            if (!IsLabelChar(b) && b != ':') return false;
        }
        return true;
    }

    private static bool IsLabelChar(byte b) =>
        b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'_';

    /// <summary>Splits a unit into its main and per-time parts, dropping <c>{annotations}</c> and mapping UCUM to words.</summary>
    private static (string Main, string Per) UnitParts(string unit)
    {
        var text = StripAnnotations(unit).Trim();
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var main = slash < 0 ? text : text[..slash].Trim();
        var per = slash < 0 ? string.Empty : text[(slash + 1)..].Trim();
        main = UnitWords.TryGetValue(main, out var word) ? word : main;
        per = PerUnitWords.TryGetValue(per, out var perWord) ? perWord : per;
        return (main, per);
    }

    private static string StripAnnotations(string unit)
    {
        if (!unit.Contains('{', StringComparison.Ordinal)) return unit;
        var s = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{') depth++;
            else if (c == '}' && depth > 0) depth--;
            else if (depth == 0) s.Append(c);
        }
        return s.ToString();
    }

    /// <summary>The words of a name: maximal runs of the allowed characters.</summary>
    private static List<string> Tokens(string text, bool allowColon)
    {
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var valid = i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || allowColon && text[i] == ':');
            if (valid && start < 0) start = i;
            else if (!valid && start >= 0)
            {
                tokens.Add(text[start..i]);
                start = -1;
            }
        }
        return tokens;
    }

    private static void AddUnlessPresent(List<string> tokens, List<string> suffix)
    {
        if (suffix.Count == 0) return;
        for (var i = 0; i + suffix.Count <= tokens.Count; i++)
        {
            var match = true;
            for (var j = 0; j < suffix.Count && match; j++) match = tokens[i + j] == suffix[j];
            if (match) return;
        }
        tokens.AddRange(suffix);
    }
}
