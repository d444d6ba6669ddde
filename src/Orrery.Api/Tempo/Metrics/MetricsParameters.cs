using System.Globalization;
using Microsoft.AspNetCore.Http;
using Orrery.Query;
using Orrery.Query.TraceQL.Metrics;

namespace Orrery.Api.Tempo.Metrics;

/// <summary>The parameters of Tempo's metrics endpoints, parsed by Tempo's rules; each failure carries the reason for a 400.</summary>
public static class MetricsParameters
{
    /// <summary>Without <c>start</c> (and <c>since</c>), a query covers the hour before end, as Tempo's.</summary>
    public const long DefaultSinceNanos = 3600L * 1_000_000_000;

    /// <summary>The TraceQL query: <c>q</c>, or <c>query</c> (what Grafana's Prometheus-style calls send).</summary>
    public static string Query(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var q = query["q"].ToString();
        return q.Length > 0 ? q : query["query"].ToString();
    }

    /// <summary>
    /// <c>start</c>/<c>end</c> as Tempo takes them: up to 10 digits are Unix seconds, more are Unix
    /// nanoseconds, a decimal point means fractional seconds, or RFC 3339. Defaults: end is now,
    /// start is <c>since</c> (default 1h) before the earlier of end and now.
    /// </summary>
    public static bool TryGetBounds(IQueryCollection query, DateTimeOffset now, out long startNanos, out long endNanos, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        startNanos = endNanos = 0;
        var nowNanos = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        var since = DefaultSinceNanos;
        var sinceText = query["since"].ToString();
        if (sinceText.Length > 0 && !GoDuration.TryParse(sinceText, out since, out var reason))
        {
            error = $"could not parse 'since' parameter: {reason}";
            return false;
        }
        if (!TryParseTimestamp(query["end"].ToString(), nowNanos, out endNanos))
        {
            error = $"could not parse 'end' parameter: '{query["end"]}' is not Unix seconds, Unix nanoseconds or RFC 3339";
            return false;
        }
        if (!TryParseTimestamp(query["start"].ToString(), Math.Min(endNanos, nowNanos) - since, out startNanos))
        {
            error = $"could not parse 'start' parameter: '{query["start"]}' is not Unix seconds, Unix nanoseconds or RFC 3339";
            return false;
        }
        error = null;
        return true;
    }

    /// <summary><c>step</c>: seconds (<c>15</c>, <c>0.5</c>) or a Go duration (<c>30s</c>); absent gives Tempo's default for the range.</summary>
    public static bool TryGetStep(IQueryCollection query, long startNanos, long endNanos, out long stepNanos, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        error = null;
        var text = query["step"].ToString();
        if (text.Length == 0)
        {
            stepNanos = DefaultStep.For(startNanos, endNanos);
            return true;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
        {
            if (Math.Abs(seconds) > long.MaxValue / 1e9)
            {
                stepNanos = 0;
                error = $"cannot parse \"{text}\" to a valid duration. It overflows int64";
                return false;
            }
            stepNanos = (long)(seconds * 1e9);
        }
        else if (!GoDuration.TryParse(text, out stepNanos, out _))
        {
            error = $"cannot parse \"{text}\" to a valid duration";
            return false;
        }
        if (stepNanos <= 0)
        {
            error = $"cannot parse \"{text}\": step must be positive";
            return false;
        }
        return true;
    }

    internal static bool TryParseTimestamp(string text, long defaultNanos, out long nanos)
    {
        nanos = defaultNanos;
        if (text.Length == 0) return true;
        if (text.Contains('.') && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds)
            && Math.Abs(seconds) < 9e9)
        {
            var whole = Math.Truncate(seconds);
            // Tempo keeps millisecond precision of fractional seconds.
            var fraction = Math.Round((seconds - whole) * 1000) / 1000;
            nanos = ((long)whole * 1_000_000_000) + (long)(fraction * 1e9);
            return true;
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            if (text.Length > 10)
            {
                nanos = number;
                return true;
            }
            nanos = number * 1_000_000_000;
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            nanos = (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
            return true;
        }
        return false;
    }
}
