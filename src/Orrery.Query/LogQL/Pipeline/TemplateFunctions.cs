using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Orrery.Query.LogQL.Pipeline;

/// <summary>The template functions Loki offers that queries commonly use (Go strings functions and the sprig subset).</summary>
internal static class TemplateFunctions
{
    public static readonly FrozenDictionary<string, TemplateFunction> All = new Dictionary<string, TemplateFunction>(StringComparer.Ordinal)
    {
        ["__line__"] = (a, d) => d.Line,
        ["__timestamp__"] = (a, d) => DateTimeOffset.UnixEpoch.AddTicks(d.TimestampNs / 100),
        ["ToLower"] = (a, d) => Str(a, 0, 1).ToLowerInvariant(),
        ["ToUpper"] = (a, d) => Str(a, 0, 1).ToUpperInvariant(),
        ["lower"] = (a, d) => Str(a, 0, 1).ToLowerInvariant(),
        ["upper"] = (a, d) => Str(a, 0, 1).ToUpperInvariant(),
        ["title"] = (a, d) => Title(Str(a, 0, 1)),
        ["Title"] = (a, d) => Title(Str(a, 0, 1)),
        // Go's strings.Replace(s, old, new, n); n < 0 replaces all.
        ["Replace"] = (a, d) => Replace(Str(a, 0, 4), Str(a, 1, 4), Str(a, 2, 4), (int)TemplateValue.ToInt(a[3])),
        // sprig's replace old new s.
        ["replace"] = (a, d) => Replace(Str(a, 2, 3), Str(a, 0, 3), Str(a, 1, 3), -1),
        ["Trim"] = (a, d) => Str(a, 0, 2).Trim(Str(a, 1, 2).ToCharArray()),
        ["TrimLeft"] = (a, d) => Str(a, 0, 2).TrimStart(Str(a, 1, 2).ToCharArray()),
        ["TrimRight"] = (a, d) => Str(a, 0, 2).TrimEnd(Str(a, 1, 2).ToCharArray()),
        ["TrimSpace"] = (a, d) => Str(a, 0, 1).Trim(),
        ["TrimPrefix"] = (a, d) => TrimPrefix(Str(a, 0, 2), Str(a, 1, 2)),
        ["TrimSuffix"] = (a, d) => TrimSuffix(Str(a, 0, 2), Str(a, 1, 2)),
        ["trim"] = (a, d) => Str(a, 0, 1).Trim(),
        ["trimAll"] = (a, d) => Str(a, 1, 2).Trim(Str(a, 0, 2).ToCharArray()),
        ["trimPrefix"] = (a, d) => TrimPrefix(Str(a, 1, 2), Str(a, 0, 2)),
        ["trimSuffix"] = (a, d) => TrimSuffix(Str(a, 1, 2), Str(a, 0, 2)),
        ["trunc"] = (a, d) => Trunc(Str(a, 1, 2), (int)TemplateValue.ToInt(a[0])),
        ["substr"] = (a, d) => Substr(Str(a, 2, 3), (int)TemplateValue.ToInt(a[0]), (int)TemplateValue.ToInt(a[1])),
        ["contains"] = (a, d) => Str(a, 1, 2).Contains(Str(a, 0, 2), StringComparison.Ordinal),
        ["hasPrefix"] = (a, d) => Str(a, 1, 2).StartsWith(Str(a, 0, 2), StringComparison.Ordinal),
        ["hasSuffix"] = (a, d) => Str(a, 1, 2).EndsWith(Str(a, 0, 2), StringComparison.Ordinal),
        ["repeat"] = (a, d) => string.Concat(Enumerable.Repeat(Str(a, 1, 2), Math.Max(0, (int)TemplateValue.ToInt(a[0])))),
        ["regexReplaceAll"] = (a, d) => RegexFactory.Create(Str(a, 0, 3)).Replace(Str(a, 1, 3), ToDotNetReplacement(Str(a, 2, 3))),
        ["regexReplaceAllLiteral"] = (a, d) => RegexFactory.Create(Str(a, 0, 3)).Replace(Str(a, 1, 3), Str(a, 2, 3).Replace("$", "$$", StringComparison.Ordinal)),
        ["default"] = (a, d) => Arity(a, 2) && TemplateValue.IsTrue(a[1]) ? a[1] : a[0],
        ["printf"] = (a, d) => Printf.Format(Str(a, 0, -1), a.Skip(1).ToArray()),
        ["add"] = (a, d) => a.Aggregate(0L, (s, v) => s + TemplateValue.ToInt(v)),
        ["sub"] = (a, d) => Arity(a, 2) ? TemplateValue.ToInt(a[0]) - TemplateValue.ToInt(a[1]) : 0,
        ["mul"] = (a, d) => a.Aggregate(1L, (s, v) => s * TemplateValue.ToInt(v)),
        ["div"] = (a, d) => Arity(a, 2) && TemplateValue.ToInt(a[1]) is var b && b != 0 ? TemplateValue.ToInt(a[0]) / b : throw new TemplateException("integer divide by zero"),
        ["mod"] = (a, d) => Arity(a, 2) && TemplateValue.ToInt(a[1]) is var b && b != 0 ? TemplateValue.ToInt(a[0]) % b : throw new TemplateException("integer divide by zero"),
        ["addf"] = (a, d) => a.Aggregate(0d, (s, v) => s + TemplateValue.ToFloat(v)),
        ["subf"] = (a, d) => Arity(a, 2) ? TemplateValue.ToFloat(a[0]) - TemplateValue.ToFloat(a[1]) : 0d,
        ["mulf"] = (a, d) => a.Aggregate(1d, (s, v) => s * TemplateValue.ToFloat(v)),
        ["divf"] = (a, d) => Arity(a, 2) ? TemplateValue.ToFloat(a[0]) / TemplateValue.ToFloat(a[1]) : 0d,
        ["float64"] = (a, d) => Arity(a, 1) ? TemplateValue.ToFloat(a[0]) : 0d,
        ["int"] = (a, d) => Arity(a, 1) ? TemplateValue.ToInt(a[0]) : 0L,
        ["len"] = (a, d) => (long)Str(a, 0, 1).Length,
        ["eq"] = (a, d) => Arity(a, 2) && a.Skip(1).Any(v => TemplateValue.Compare(a[0], v) == 0),
        ["ne"] = (a, d) => Arity(a, 2) && TemplateValue.Compare(a[0], a[1]) != 0,
        ["lt"] = (a, d) => Arity(a, 2) && TemplateValue.Compare(a[0], a[1]) < 0,
        ["le"] = (a, d) => Arity(a, 2) && TemplateValue.Compare(a[0], a[1]) <= 0,
        ["gt"] = (a, d) => Arity(a, 2) && TemplateValue.Compare(a[0], a[1]) > 0,
        ["ge"] = (a, d) => Arity(a, 2) && TemplateValue.Compare(a[0], a[1]) >= 0,
        ["and"] = (a, d) => a.FirstOrDefault(v => !TemplateValue.IsTrue(v), a.Length > 0 ? a[^1] : null),
        ["or"] = (a, d) => a.FirstOrDefault(TemplateValue.IsTrue, a.Length > 0 ? a[^1] : null),
        ["not"] = (a, d) => Arity(a, 1) && !TemplateValue.IsTrue(a[0]),
        ["urlencode"] = (a, d) => Uri.EscapeDataString(Str(a, 0, 1)),
        ["urldecode"] = (a, d) => Uri.UnescapeDataString(Str(a, 0, 1)),
        ["b64enc"] = (a, d) => Convert.ToBase64String(Encoding.UTF8.GetBytes(Str(a, 0, 1))),
        ["b64dec"] = (a, d) => B64Decode(Str(a, 0, 1)),
        ["alignLeft"] = (a, d) => Str(a, 1, 2) is var s && (int)TemplateValue.ToInt(a[0]) is var n && n >= 0 ? (s.Length > n ? s[..n] : s.PadRight(n)) : "",
        ["alignRight"] = (a, d) => Str(a, 1, 2) is var s && (int)TemplateValue.ToInt(a[0]) is var n && n >= 0 ? (s.Length > n ? s[^n..] : s.PadLeft(n)) : "",
        ["indent"] = (a, d) => Indent(Str(a, 1, 2), (int)TemplateValue.ToInt(a[0])),
        ["nindent"] = (a, d) => "\n" + Indent(Str(a, 1, 2), (int)TemplateValue.ToInt(a[0])),
        ["count"] = (a, d) => (long)RegexFactory.Create(Str(a, 0, 2)).Count(Str(a, 1, 2)),
        ["sha256"] = (a, d) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Str(a, 0, 1)))),
        ["max"] = (a, d) => Arity(a, 1) ? a.Max(TemplateValue.ToInt) : 0L,
        ["min"] = (a, d) => Arity(a, 1) ? a.Min(TemplateValue.ToInt) : 0L,
        ["maxf"] = (a, d) => Arity(a, 1) ? a.Select(TemplateValue.ToFloat).Aggregate(Math.Max) : 0d,
        ["minf"] = (a, d) => Arity(a, 1) ? a.Select(TemplateValue.ToFloat).Aggregate(Math.Min) : 0d,
        ["ceil"] = (a, d) => Arity(a, 1) ? Math.Ceiling(TemplateValue.ToFloat(a[0])) : 0d,
        ["floor"] = (a, d) => Arity(a, 1) ? Math.Floor(TemplateValue.ToFloat(a[0])) : 0d,
        ["round"] = (a, d) => Arity(a, 2) ? Round(TemplateValue.ToFloat(a[0]), (int)TemplateValue.ToInt(a[1]), a.Length > 2 ? TemplateValue.ToFloat(a[2]) : 0.5) : 0d,
        ["duration"] = (a, d) => Seconds(Str(a, 0, 1)),
        ["duration_seconds"] = (a, d) => Seconds(Str(a, 0, 1)),
        ["bytes"] = (a, d) => Syntax.ByteSize.TryParse(Str(a, 0, 1), out var bytes) ? bytes : throw new TemplateException($"invalid bytes value {Syntax.Ops.Quote(TemplateValue.Print(a[0]))}"),
        ["now"] = (a, d) => DateTimeOffset.UtcNow,
        ["date"] = (a, d) => Arity(a, 2) ? GoTimeLayout.Format(TemplateValue.ToTime(a[1]), Str(a, 0, 2)) : "",
        // sprig's toDate: an unparseable date is Go's zero time, not an error.
        ["toDate"] = (a, d) => GoTimeLayout.TryParse(Str(a, 0, 2), Str(a, 1, 2), TimeZoneInfo.Utc, out var t) ? t : TemplateValue.ZeroTime,
        ["toDateInZone"] = (a, d) => GoTimeLayout.TryParse(Str(a, 0, 3), Str(a, 2, 3), Zone(Str(a, 1, 3)), out var t) ? t : TemplateValue.ZeroTime,
        ["unixEpoch"] = (a, d) => Arity(a, 1) ? TemplateValue.ToTime(a[0]).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) : "",
        ["unixEpochMillis"] = (a, d) => Arity(a, 1) ? TemplateValue.ToTime(a[0]).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : "",
        ["unixEpochNanos"] = (a, d) => Arity(a, 1) ? ((TemplateValue.ToTime(a[0]).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100).ToString(CultureInfo.InvariantCulture) : "",
        ["unixToTime"] = (a, d) => UnixToTime(Str(a, 0, 1)),
        ["fromJson"] = (a, d) => TemplateJson.Parse(Str(a, 0, 1)),
        ["index"] = (a, d) => Arity(a, 1) ? a.Skip(1).Aggregate(a[0], Index) : null,
        ["print"] = (a, d) => string.Concat(a.Select(TemplateValue.Print)),
        ["println"] = (a, d) => string.Join(' ', a.Select(TemplateValue.Print)) + "\n",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static string Indent(string s, int spaces)
    {
        var pad = new string(' ', Math.Max(0, spaces));
        return pad + s.Replace("\n", "\n" + pad, StringComparison.Ordinal);
    }

    /// <summary>sprig's round: to <paramref name="places"/> decimals, rounding up from <paramref name="roundOn"/>.</summary>
    private static double Round(double value, int places, double roundOn)
    {
        var scale = Math.Pow(10, places);
        var scaled = value * scale;
        var whole = Math.Truncate(scaled);
        var fraction = Math.Abs(scaled - whole);
        var rounded = fraction >= roundOn ? whole + Math.Sign(scaled) : whole;
        return rounded / scale;
    }

    private static double Seconds(string text) =>
        Orrery.Query.GoDuration.TryParse(text, out var nanos, out _) ? nanos / 1e9 : throw new TemplateException($"invalid duration {Syntax.Ops.Quote(text)}");

    private static TimeZoneInfo Zone(string name)
    {
        if (name is "" or "UTC") return TimeZoneInfo.Utc;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new TemplateException($"unknown time zone {name}");
        }
    }

    /// <summary>Loki's unixToTime: an epoch in seconds, milliseconds, microseconds or nanoseconds, told apart by its digit count.</summary>
    private static DateTimeOffset UnixToTime(string epoch)
    {
        if (!long.TryParse(epoch, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw new TemplateException($"unable to parse time '{epoch}'");
        return epoch.Length switch
        {
            <= 10 => DateTimeOffset.FromUnixTimeSeconds(value),
            13 => DateTimeOffset.FromUnixTimeMilliseconds(value),
            16 => DateTimeOffset.UnixEpoch.AddTicks(value * 10),
            19 => DateTimeOffset.UnixEpoch.AddTicks(value / 100),
            _ => throw new TemplateException($"unable to parse time '{epoch}': not a unix epoch in s, ms, µs or ns"),
        };
    }

    /// <summary>Go's index: a map by key, a list by position.</summary>
    private static object? Index(object? collection, object? key) => collection switch
    {
        IReadOnlyDictionary<string, object?> map => map.GetValueOrDefault(TemplateValue.Print(key)),
        IReadOnlyList<object?> list when TemplateValue.ToInt(key) is var i && i >= 0 && i < list.Count => list[(int)i],
        IReadOnlyList<object?> => throw new TemplateException($"index out of range: {TemplateValue.Print(key)}"),
        null => null,
        _ => throw new TemplateException($"can't index item of type {TemplateValue.TypeName(collection)}"),
    };

    private static bool Arity(object?[] args, int count) =>
        args.Length >= count ? true : throw new TemplateException($"wrong number of args: want {count} got {args.Length}");

    /// <summary>Argument <paramref name="index"/> as a string, checking there are <paramref name="count"/> arguments (-1: at least one).</summary>
    private static string Str(object?[] args, int index, int count)
    {
        if (count >= 0 && args.Length != count) throw new TemplateException($"wrong number of args: want {count} got {args.Length}");
        if (args.Length <= index) throw new TemplateException("wrong number of args");
        return TemplateValue.Print(args[index]);
    }

    private static string Replace(string s, string old, string replacement, int n)
    {
        if (n < 0) return old.Length == 0 ? s : s.Replace(old, replacement, StringComparison.Ordinal);
        var result = new StringBuilder();
        var pos = 0;
        for (var i = 0; i < n && old.Length > 0; i++)
        {
            var at = s.IndexOf(old, pos, StringComparison.Ordinal);
            if (at < 0) break;
            result.Append(s, pos, at - pos).Append(replacement);
            pos = at + old.Length;
        }
        return result.Append(s, pos, s.Length - pos).ToString();
    }

    private static string TrimPrefix(string s, string prefix) => s.StartsWith(prefix, StringComparison.Ordinal) ? s[prefix.Length..] : s;

    private static string TrimSuffix(string s, string suffix) => s.EndsWith(suffix, StringComparison.Ordinal) ? s[..^suffix.Length] : s;

    private static string Trunc(string s, int n) => n >= 0 ? (s.Length > n ? s[..n] : s) : (s.Length > -n ? s[(s.Length + n)..] : s);

    private static string Substr(string s, int start, int end)
    {
        if (start < 0) return s[..Math.Min(Math.Max(end, 0), s.Length)];
        if (end < 0 || end > s.Length) return start < s.Length ? s[start..] : "";
        return start <= end ? s[start..end] : "";
    }

    private static string Title(string s)
    {
        var chars = s.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (i == 0 || char.IsWhiteSpace(chars[i - 1])) chars[i] = char.ToUpperInvariant(chars[i]);
        }
        return new string(chars);
    }

    private static string B64Decode(string s)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(s));
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }

    /// <summary>Go writes group references as <c>$1</c>/<c>${name}</c>, which .NET reads the same; only <c>$$</c> differs in neither.</summary>
    private static string ToDotNetReplacement(string goReplacement) => goReplacement;
}

/// <summary>Conversions between template values as Go templates and sprig do them.</summary>
internal static class TemplateValue
{
    public static string Print(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FormatFloat(d),
        DateTimeOffset t => GoTimeLayout.GoString(t),
        IReadOnlyDictionary<string, object?> map => "map[" + string.Join(' ', map.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + ":" + Print(e.Value))) + "]",
        IReadOnlyList<object?> list => "[" + string.Join(' ', list.Select(Print)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Go's zero time, what sprig's toDate returns for text it cannot parse.</summary>
    public static readonly DateTimeOffset ZeroTime = new(1, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>As sprig's date takes its argument: a time, or a Unix time in seconds; anything else is now.</summary>
    public static DateTimeOffset ToTime(object? value) => value switch
    {
        DateTimeOffset t => t,
        long seconds => DateTimeOffset.FromUnixTimeSeconds(seconds),
        double seconds when double.IsFinite(seconds) => DateTimeOffset.FromUnixTimeSeconds((long)seconds),
        _ => DateTimeOffset.UtcNow,
    };

    public static string TypeName(object? value) => value switch
    {
        null => "nil",
        string => "string",
        long => "int",
        double => "float64",
        bool => "bool",
        DateTimeOffset => "time.Time",
        IReadOnlyDictionary<string, object?> => "map[string]interface {}",
        IReadOnlyList<object?> => "[]interface {}",
        _ => value.GetType().Name,
    };

    /// <summary>Go's %v for float64: shortest representation, exponent for very large or small magnitudes.</summary>
    public static string FormatFloat(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsInfinity(d)) return d > 0 ? "+Inf" : "-Inf";
        var abs = Math.Abs(d);
        if (abs != 0 && (abs < 1e-4 || abs >= 1e21)) return d.ToString("0.################e+00", CultureInfo.InvariantCulture);
        return d.ToString("R", CultureInfo.InvariantCulture);
    }

    public static bool IsTrue(object? value) => value switch
    {
        null => false,
        string s => s.Length > 0,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        IReadOnlyDictionary<string, object?> map => map.Count > 0,
        IReadOnlyList<object?> list => list.Count > 0,
        _ => true,
    };

    /// <summary>sprig's cast.ToInt64: numbers truncate, strings parse as integers (else 0).</summary>
    public static long ToInt(object? value) => value switch
    {
        long l => l,
        double d => double.IsFinite(d) ? (long)d : 0,
        bool b => b ? 1 : 0,
        string s when long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
        _ => 0,
    };

    public static double ToFloat(object? value) => value switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => 0,
    };

    /// <summary>Numbers compare as numbers, anything else as ordinal strings.</summary>
    public static int Compare(object? a, object? b)
    {
        if (a is long or double && b is long or double) return ToFloat(a).CompareTo(ToFloat(b));
        return string.CompareOrdinal(Print(a), Print(b));
    }
}

/// <summary>A subset of Go's fmt verbs: %s %v %d %f %g %q %x %% with width and precision.</summary>
internal static class Printf
{
    public static string Format(string format, object?[] args)
    {
        var output = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%' || i + 1 >= format.Length)
            {
                output.Append(c);
                continue;
            }
            var start = ++i;
            var leftAlign = false;
            if (format[i] == '-')
            {
                leftAlign = true;
                i++;
            }
            while (i < format.Length && (char.IsAsciiDigit(format[i]) || format[i] == '.')) i++;
            if (i >= format.Length) break;
            var spec = format[start..i].TrimStart('-');
            var verb = format[i];
            if (verb == '%')
            {
                output.Append('%');
                continue;
            }
            var arg = next < args.Length ? args[next++] : null;
            var dot = spec.IndexOf('.', StringComparison.Ordinal);
            var width = dot < 0 ? (spec.Length > 0 ? int.Parse(spec, CultureInfo.InvariantCulture) : 0) : (dot > 0 ? int.Parse(spec[..dot], CultureInfo.InvariantCulture) : 0);
            int? precision = dot < 0 ? null : (dot + 1 < spec.Length ? int.Parse(spec[(dot + 1)..], CultureInfo.InvariantCulture) : 0);
            var text = verb switch
            {
                'd' => TemplateValue.ToInt(arg).ToString(CultureInfo.InvariantCulture),
                'f' or 'F' => TemplateValue.ToFloat(arg).ToString("F" + (precision ?? 6), CultureInfo.InvariantCulture),
                'g' => TemplateValue.FormatFloat(TemplateValue.ToFloat(arg)),
                'q' => "\"" + TemplateValue.Print(arg).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
                'x' => arg is long or double ? TemplateValue.ToInt(arg).ToString("x", CultureInfo.InvariantCulture) : Convert.ToHexStringLower(Encoding.UTF8.GetBytes(TemplateValue.Print(arg))),
                _ => TemplateValue.Print(arg) is var s && precision is { } p && p < s.Length && verb == 's' ? s[..p] : TemplateValue.Print(arg),
            };
            output.Append(leftAlign ? text.PadRight(width) : text.PadLeft(width));
        }
        return output.ToString();
    }
}

/// <summary>Regular expressions from queries: RE2 syntax mapped to .NET, always NonBacktracking (linear time).</summary>
public static class RegexFactory
{
    public static Regex Create(string pattern, bool anchored = false)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        // RE2 writes named groups (?P<name>…); .NET spells them (?<name>…).
        var dotnet = pattern.Replace("(?P<", "(?<", StringComparison.Ordinal);
        if (anchored) dotnet = "^(?:" + dotnet + ")$";
        return new Regex(dotnet, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
    }
}
