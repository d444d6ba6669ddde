using System.Globalization;
using System.Text;

namespace Orrery.Query.LogQL.Pipeline;

/// <summary>
/// Go's reference-time layouts (<c>2006-01-02T15:04:05.000Z07:00</c>), which the <c>date</c>,
/// <c>toDate</c> and <c>toDateInZone</c> template functions take: formatting and parsing.
/// </summary>
internal static class GoTimeLayout
{
    /// <summary>Layout elements, longest first where one is a prefix of another, as Go matches them.</summary>
    private static readonly string[] Elements =
    [
        "January", "Jan", "Monday", "Mon", "MST", "2006", "002", "01", "02", "03", "04", "05", "06", "_2", "15",
        "1", "2", "3", "4", "5", "PM", "pm",
        "Z07:00:00", "Z070000", "Z07:00", "Z0700", "Z07", "-07:00:00", "-070000", "-07:00", "-0700", "-07",
    ];

    /// <summary>Go's <c>time.Time.String()</c>: <c>2006-01-02 15:04:05.999999999 -0700 MST</c>.</summary>
    public static string GoString(DateTimeOffset time) =>
        Format(time, "2006-01-02 15:04:05.999999999 -0700 ") + (time.Offset == TimeSpan.Zero ? "UTC" : Format(time, "-0700"));

    public static string Format(DateTimeOffset time, string layout)
    {
        var output = new StringBuilder(layout.Length + 8);
        var i = 0;
        while (i < layout.Length)
        {
            if (TryFraction(layout, i, out var digits, out var trim, out var length))
            {
                var fraction = (time.Ticks % TimeSpan.TicksPerSecond * 100).ToString("D9", CultureInfo.InvariantCulture)[..Math.Min(digits, 9)].PadRight(digits, '0');
                if (trim) fraction = fraction.TrimEnd('0');
                if (fraction.Length > 0) output.Append(layout[i]).Append(fraction);
                i += length;
                continue;
            }
            var element = Match(layout, i);
            if (element is null)
            {
                output.Append(layout[i++]);
                continue;
            }
            output.Append(FormatElement(time, element));
            i += element.Length;
        }
        return output.ToString();
    }

    private static string FormatElement(DateTimeOffset t, string element)
    {
        var inv = CultureInfo.InvariantCulture;
        var offset = t.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        return element switch
        {
            "January" => t.ToString("MMMM", inv),
            "Jan" => t.ToString("MMM", inv),
            "Monday" => t.ToString("dddd", inv),
            "Mon" => t.ToString("ddd", inv),
            "MST" => offset == TimeSpan.Zero ? "UTC" : $"{sign}{abs.Hours:D2}{(abs.Minutes != 0 ? abs.Minutes.ToString("D2", inv) : "")}",
            "2006" => t.Year.ToString("D4", inv),
            "06" => (t.Year % 100).ToString("D2", inv),
            "002" => t.DayOfYear.ToString("D3", inv),
            "01" => t.Month.ToString("D2", inv),
            "1" => t.Month.ToString(inv),
            "02" => t.Day.ToString("D2", inv),
            "2" => t.Day.ToString(inv),
            "_2" => t.Day.ToString(inv).PadLeft(2),
            "15" => t.Hour.ToString("D2", inv),
            "03" => Hour12(t).ToString("D2", inv),
            "3" => Hour12(t).ToString(inv),
            "04" => t.Minute.ToString("D2", inv),
            "4" => t.Minute.ToString(inv),
            "05" => t.Second.ToString("D2", inv),
            "5" => t.Second.ToString(inv),
            "PM" => t.Hour >= 12 ? "PM" : "AM",
            "pm" => t.Hour >= 12 ? "pm" : "am",
            _ when element[0] == 'Z' && offset == TimeSpan.Zero => "Z",
            _ => Zone(element.TrimStart('Z', '-'), sign, abs),
        };
    }

    private static string Zone(string shape, char sign, TimeSpan abs) => shape switch
    {
        "07:00:00" => $"{sign}{abs.Hours:D2}:{abs.Minutes:D2}:{abs.Seconds:D2}",
        "070000" => $"{sign}{abs.Hours:D2}{abs.Minutes:D2}{abs.Seconds:D2}",
        "07:00" => $"{sign}{abs.Hours:D2}:{abs.Minutes:D2}",
        "0700" => $"{sign}{abs.Hours:D2}{abs.Minutes:D2}",
        _ => $"{sign}{abs.Hours:D2}",
    };

    private static int Hour12(DateTimeOffset t) => t.Hour % 12 == 0 ? 12 : t.Hour % 12;

    /// <summary>Parses <paramref name="text"/> by <paramref name="layout"/>; a time without a zone is in <paramref name="zone"/>.</summary>
    public static bool TryParse(string layout, string text, TimeZoneInfo zone, out DateTimeOffset result)
    {
        result = default;
        int year = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0;
        long ticks = 0;
        bool pm = false, hasAmPm = false;
        TimeSpan? offset = null;
        int i = 0, p = 0;
        while (i < layout.Length)
        {
            if (TryFraction(layout, i, out var digits, out var trim, out var length))
            {
                if (p < text.Length && text[p] is '.' or ',')
                {
                    p++;
                    if (!ReadFraction(text, ref p, out ticks)) return false;
                }
                else if (!trim) return false;
                _ = digits;
                i += length;
                continue;
            }
            var element = Match(layout, i);
            if (element is null)
            {
                if (p >= text.Length || text[p] != layout[i]) return false;
                i++;
                p++;
                continue;
            }
            i += element.Length;
            switch (element)
            {
                case "2006": if (!ReadNumber(text, ref p, 4, 4, out year)) return false; break;
                case "06":
                    if (!ReadNumber(text, ref p, 2, 2, out year)) return false;
                    year += year >= 69 ? 1900 : 2000;
                    break;
                case "01" or "1": if (!ReadNumber(text, ref p, element.Length, 2, out month)) return false; break;
                case "02" or "2": if (!ReadNumber(text, ref p, element.Length, 2, out day)) return false; break;
                case "_2":
                    if (p < text.Length && text[p] == ' ') p++;
                    if (!ReadNumber(text, ref p, 1, 2, out day)) return false;
                    break;
                case "15": if (!ReadNumber(text, ref p, 1, 2, out hour)) return false; break;
                case "03" or "3": if (!ReadNumber(text, ref p, element.Length, 2, out hour)) return false; break;
                case "04" or "4": if (!ReadNumber(text, ref p, element.Length, 2, out minute)) return false; break;
                case "05" or "5":
                    if (!ReadNumber(text, ref p, element.Length, 2, out second)) return false;
                    // Go accepts fractional seconds after the seconds even when the layout has none.
                    if (p + 1 < text.Length && text[p] == '.' && char.IsAsciiDigit(text[p + 1]) && !TryFraction(layout, i, out _, out _, out _))
                    {
                        p++;
                        ReadFraction(text, ref p, out ticks);
                    }
                    break;
                case "002": if (!ReadNumber(text, ref p, 3, 3, out _)) return false; break;
                case "PM" or "pm":
                    if (p + 2 > text.Length) return false;
                    var ampm = text.Substring(p, 2).ToUpperInvariant();
                    if (ampm is not ("AM" or "PM")) return false;
                    pm = ampm == "PM";
                    hasAmPm = true;
                    p += 2;
                    break;
                case "January" or "Jan" or "Monday" or "Mon":
                    var start = p;
                    while (p < text.Length && char.IsAsciiLetter(text[p])) p++;
                    var word = text[start..p];
                    if (element.StartsWith('J'))
                    {
                        var index = Array.FindIndex(CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames, m => m.Length > 0 && word.StartsWith(m, StringComparison.OrdinalIgnoreCase));
                        if (index < 0) return false;
                        month = index + 1;
                    }
                    break;
                case "MST":
                    var zoneStart = p;
                    while (p < text.Length && char.IsAsciiLetterUpper(text[p])) p++;
                    if (text[zoneStart..p] is "UTC" or "GMT" or "Z") offset = TimeSpan.Zero;
                    break;
                default:
                    if (element[0] == 'Z' && p < text.Length && text[p] == 'Z')
                    {
                        p++;
                        offset = TimeSpan.Zero;
                    }
                    else if (!ReadZone(text, ref p, out var parsed)) return false;
                    else offset = parsed;
                    break;
            }
        }
        if (p != text.Length) return false;
        if (hasAmPm)
        {
            if (hour is < 1 or > 12) return false;
            hour = (hour % 12) + (pm ? 12 : 0);
        }
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
        result = new DateTimeOffset(local, offset ?? zone.GetUtcOffset(local));
        return true;
    }

    private static bool ReadNumber(string text, ref int p, int min, int max, out int value)
    {
        var start = p;
        while (p < text.Length && p - start < max && char.IsAsciiDigit(text[p])) p++;
        value = 0;
        return p - start >= min && int.TryParse(text.AsSpan(start, p - start), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool ReadFraction(string text, ref int p, out long ticks)
    {
        var start = p;
        while (p < text.Length && char.IsAsciiDigit(text[p])) p++;
        var digits = text[start..p];
        ticks = digits.Length == 0 ? 0 : long.Parse(digits.PadRight(7, '0')[..7], CultureInfo.InvariantCulture);
        return digits.Length > 0;
    }

    private static bool ReadZone(string text, ref int p, out TimeSpan offset)
    {
        offset = default;
        if (p >= text.Length || text[p] is not ('+' or '-')) return false;
        var negative = text[p++] == '-';
        if (!ReadNumber(text, ref p, 2, 2, out var hours)) return false;
        var minutes = 0;
        if (p < text.Length && text[p] == ':') p++;
        if (p < text.Length && char.IsAsciiDigit(text[p]) && !ReadNumber(text, ref p, 2, 2, out minutes)) return false;
        offset = new TimeSpan(hours, minutes, 0);
        if (negative) offset = -offset;
        return true;
    }

    private static string? Match(string layout, int i)
    {
        foreach (var element in Elements)
        {
            if (string.CompareOrdinal(layout, i, element, 0, element.Length) != 0) continue;
            // "Jan" is not "January"'s prefix match when a lowercase letter follows a word element, as in Go.
            if (element is "Jan" or "Mon" && i + element.Length < layout.Length && char.IsAsciiLetterLower(layout[i + element.Length])) continue;
            return element;
        }
        return null;
    }

    /// <summary><c>.000</c>/<c>,000</c> (fixed digits) or <c>.999</c> (trailing zeros trimmed), not followed by a digit.</summary>
    private static bool TryFraction(string layout, int i, out int digits, out bool trim, out int length)
    {
        digits = 0;
        trim = false;
        length = 0;
        if (i + 1 >= layout.Length || layout[i] is not ('.' or ',') || layout[i + 1] is not ('0' or '9')) return false;
        var c = layout[i + 1];
        var j = i + 1;
        while (j < layout.Length && layout[j] == c) j++;
        if (j < layout.Length && char.IsAsciiDigit(layout[j])) return false;
        // ".0" after seconds only: "05.000" — Go requires the fraction follow a seconds element, which all practical layouts do.
        digits = j - i - 1;
        trim = c == '9';
        length = j - i;
        return true;
    }
}
