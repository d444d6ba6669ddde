using System.Diagnostics;

namespace Orrery.Api.Metrics;

/// <summary>
/// The trace a measurement was taken in, kept beside a histogram bucket so that a latency on a
/// dashboard leads to the request that had it. Ids are kept as structs: they become hex only
/// when a scrape prints them.
/// </summary>
internal readonly record struct Exemplar(ActivityTraceId TraceId, ActivitySpanId SpanId, double Value, long TimestampMs)
{
    /// <summary>
    /// The exemplar for a measurement taken now, or null when no sampled trace is current:
    /// like OpenTelemetry's trace-based exemplar filter, an unsampled trace is nowhere to be found.
    /// </summary>
    public static Exemplar? Capture(double value)
    {
        var activity = Activity.Current;
        if (activity is null || !activity.Recorded || activity.IdFormat != ActivityIdFormat.W3C) return null;
        return new Exemplar(activity.TraceId, activity.SpanId, value, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }
}
