using System.Globalization;
using System.Text.RegularExpressions;

namespace Orrery.Api.Prometheus;

/// <summary>
/// Time parameters as Prometheus's API accepts them: Unix seconds with an optional fraction
/// (rounded to the millisecond), RFC 3339 with an optional fraction of up to nanoseconds, or the
/// two boundary strings client libraries send for "no bound".
/// </summary>
internal static partial class PrometheusTime
{
    /// <summary>
    /// Prometheus's <c>MinTime</c>/<c>MaxTime</c>: the widest instants Go's time package can
    /// print, kept so that a round trip through a client library lands on the same bound.
    /// </summary>
    public const long MinTimeMs = -9_223_309_901_257_974_000;

    public const long MaxTimeMs = 9_223_309_901_257_974_999;

    public const string MinTimeFormatted = "-292273086-05-16T16:47:06Z";

    public const string MaxTimeFormatted = "292277025-08-18T07:12:54.999999999Z";

    /// <summary>Reads <paramref name="name"/>; null when valid, else the error as Prometheus words it.</summary>
    public static string? TryGetParam(PrometheusForm form, string name, long defaultMs, out long milliseconds)
    {
        ArgumentNullException.ThrowIfNull(form);
        milliseconds = defaultMs;
        var text = form.Get(name);
        if (text.Length == 0) return null;
        if (TryParse(text, out milliseconds)) return null;
        return $"invalid parameter \"{name}\": Invalid time value for '{name}': cannot parse \"{text}\" to a valid timestamp";
    }

    public static bool TryParse(string text, out long milliseconds)
    {
        ArgumentNullException.ThrowIfNull(text);
        milliseconds = 0;
        if (double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var seconds))
        {
            // Beyond Prometheus's bounds Go's int64 conversion is undefined; refuse rather than guess.
            if (!double.IsFinite(seconds) || Math.Abs(seconds) > MaxTimeMs / 1000) return false;
            var whole = Math.Truncate(seconds);
            milliseconds = ((long)whole * 1000) + (long)Math.Round((seconds - whole) * 1000, MidpointRounding.AwayFromZero);
            return true;
        }
        switch (text)
        {
            case MinTimeFormatted:
                milliseconds = MinTimeMs;
                return true;
            case MaxTimeFormatted:
                milliseconds = MaxTimeMs;
                return true;
        }
        return TryParseRfc3339(text, out milliseconds);
    }

    /// <summary>RFC 3339 as Go's <c>time.RFC3339Nano</c> layout parses it; the fraction is truncated to milliseconds.</summary>
    private static bool TryParseRfc3339(string text, out long milliseconds)
    {
        milliseconds = 0;
        var match = Rfc3339().Match(text);
        if (!match.Success) return false;
        int Part(string group) => int.Parse(match.Groups[group].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
        var offset = TimeSpan.Zero;
        if (match.Groups["zone"].Value is not ("Z" or "z"))
        {
            offset = new TimeSpan(Part("zh"), Part("zm"), 0);
            if (match.Groups["zone"].ValueSpan[0] == '-') offset = -offset;
        }
        try
        {
            var second = Part("second");
            // Go accepts a leap second ":60" only to normalise it into the next minute.
            var instant = new DateTimeOffset(Part("year"), Part("month"), Part("day"), Part("hour"), Part("minute"), Math.Min(second, 59), offset);
            if (second == 60) instant = instant.AddSeconds(1);
            var fraction = match.Groups["fraction"].Value;
            var fractionMs = fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(3, '0').AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture);
            milliseconds = instant.ToUnixTimeMilliseconds() + fractionMs;
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^(?<year>[0-9]{4})-(?<month>[0-9]{2})-(?<day>[0-9]{2})[Tt](?<hour>[0-9]{2}):(?<minute>[0-9]{2}):(?<second>[0-9]{2})(?:\.(?<fraction>[0-9]{1,9}))?(?<zone>[Zz]|[+-](?<zh>[0-9]{2}):(?<zm>[0-9]{2}))$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
