using System.Globalization;
using Microsoft.AspNetCore.Http;
using Orrery.Query;
using Orrery.Signals;

namespace Orrery.Api.Tempo;

/// <summary>Parsing of the query parameters Tempo's API shares; each failure carries the reason for a 400.</summary>
public static class TempoParameters
{
    private const long NanosPerSecond = 1_000_000_000;

    /// <summary><c>start</c>/<c>end</c> in Unix seconds; absent bounds are open.</summary>
    public static bool TryGetRange(IQueryCollection query, out TimeRange range, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        range = TimeRange.All;
        if (!TryGetSeconds(query, "start", out var start, out error) || !TryGetSeconds(query, "end", out var end, out error)) return false;
        var startNanos = start is { } s ? s * NanosPerSecond : long.MinValue;
        // "end" is a whole second: everything that started within that second is in range.
        var endNanos = end is { } e ? (e * NanosPerSecond) + NanosPerSecond - 1 : long.MaxValue;
        if (startNanos > endNanos)
        {
            error = "start must not be after end";
            return false;
        }
        range = new TimeRange(startNanos, endNanos);
        return true;
    }

    public static bool TryGetDuration(IQueryCollection query, string name, out long? nanos, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        nanos = null;
        error = null;
        var text = query[name].ToString();
        if (text.Length == 0) return true;
        if (!GoDuration.TryParse(text, out var value, out var reason) || value < 0)
        {
            error = $"invalid {name} '{text}': {reason ?? "must not be negative"}";
            return false;
        }
        nanos = value;
        return true;
    }

    public static bool TryGetLimit(IQueryCollection query, int defaultLimit, int maxLimit, out int limit, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        limit = defaultLimit;
        error = null;
        var text = query["limit"].ToString();
        if (text.Length == 0) return true;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit <= 0)
        {
            error = $"invalid limit '{text}': expected a positive integer";
            return false;
        }
        limit = Math.Min(limit, maxLimit);
        return true;
    }

    private static bool TryGetSeconds(IQueryCollection query, string name, out long? seconds, out string? error)
    {
        seconds = null;
        error = null;
        var text = query[name].ToString();
        if (text.Length == 0) return true;
        // 10^10 seconds is the year 2286: larger values would overflow as nanoseconds.
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 9_000_000_000)
        {
            error = $"invalid {name} '{text}': expected Unix epoch seconds";
            return false;
        }
        seconds = value;
        return true;
    }
}
