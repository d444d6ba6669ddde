using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Orrery.Query;
using Orrery.Storage.Logs;

namespace Orrery.Api.Loki;

/// <summary>
/// A Loki API request's parameters, from the query string and (for POST) the form, with
/// Loki's parsing rules. Each Try* returns false with a message for a 400.
/// </summary>
public sealed class LokiParameters
{
    private const long NanosPerSecond = 1_000_000_000;
    private readonly Dictionary<string, StringValues> _values;

    public LokiParameters(IEnumerable<KeyValuePair<string, StringValues>> values)
    {
        _values = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        foreach (var (key, value) in values) _values[key] = StringValues.Concat(_values.GetValueOrDefault(key), value);
    }

    public static async Task<LokiParameters> ReadAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IEnumerable<KeyValuePair<string, StringValues>> values = request.Query;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
            values = values.Concat(form);
        }
        return new LokiParameters(values);
    }

    public string? Get(string name) => _values.TryGetValue(name, out var v) && v.Count > 0 && !string.IsNullOrEmpty(v[^1]) ? v[^1] : null;

    public IReadOnlyList<string> GetAll(string name) =>
        _values.TryGetValue(name, out var v) ? v.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToList() : [];

    /// <summary>
    /// A time as Loki reads it: Unix nanoseconds, Unix seconds (up to 10 digits, or with a
    /// fraction), or RFC 3339.
    /// </summary>
    public bool TryGetTime(string name, long defaultNs, out long ns, out string? error)
    {
        error = null;
        ns = defaultNs;
        var text = Get(name);
        if (text is null) return true;
        if (TryParseTime(text, out ns)) return true;
        error = $"invalid {name} '{text}': expected Unix nanoseconds, Unix seconds or RFC 3339";
        return false;
    }

    public static bool TryParseTime(string text, out long ns)
    {
        ns = 0;
        if (text.Contains('.', StringComparison.Ordinal) && !text.Contains('-', StringComparison.Ordinal)
            && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds < 9_000_000_000m)
        {
            ns = (long)Math.Round(seconds * NanosPerSecond);
            return true;
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            // Loki: ten digits or fewer are seconds, more are nanoseconds.
            ns = text.TrimStart('-').Length <= 10 ? integer * NanosPerSecond : integer;
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            ns = (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
            return true;
        }
        return false;
    }

    /// <summary>A duration as seconds with an optional fraction (<c>15</c>, <c>0.5</c>) or a Prometheus/Go duration (<c>1m</c>).</summary>
    public bool TryGetDuration(string name, out long? ns, out string? error)
    {
        error = null;
        ns = null;
        var text = Get(name);
        if (text is null) return true;
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds < 9_000_000_000m)
        {
            ns = (long)Math.Round(seconds * NanosPerSecond);
            return true;
        }
        if (GoDuration.TryParse(text, out var nanos, out _) && nanos >= 0)
        {
            ns = nanos;
            return true;
        }
        error = $"invalid {name} '{text}': expected seconds or a duration like 1m";
        return false;
    }

    public bool TryGetLimit(int defaultLimit, out int limit, out string? error)
    {
        error = null;
        limit = defaultLimit;
        var text = Get("limit");
        if (text is null) return true;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit >= 0) return true;
        error = $"invalid limit '{text}': expected a non-negative integer";
        return false;
    }

    public bool TryGetDirection(out LogDirection direction, out string? error)
    {
        error = null;
        direction = LogDirection.Backward;
        var text = Get("direction");
        if (text is null || text.Equals("backward", StringComparison.OrdinalIgnoreCase)) return true;
        if (text.Equals("forward", StringComparison.OrdinalIgnoreCase))
        {
            direction = LogDirection.Forward;
            return true;
        }
        error = $"invalid direction '{text}': expected forward or backward";
        return false;
    }

    /// <summary>
    /// start/end (or since) for endpoints that read a range: end defaults to now, start to
    /// end - <paramref name="defaultLookback"/> (or end - since).
    /// </summary>
    public bool TryGetRange(long nowNs, long defaultLookback, out long start, out long end, out string? error)
    {
        start = 0;
        if (!TryGetTime("end", nowNs, out end, out error) || !TryGetDuration("since", out var since, out error)) return false;
        if (!TryGetTime("start", end - (since ?? defaultLookback), out start, out error)) return false;
        if (end < start)
        {
            error = "end timestamp must not be before or equal to start time";
            return false;
        }
        return true;
    }
}
