using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;

namespace Orrery.Api.Metrics;

/// <summary>
/// Request latency by listener, handler (route pattern) and status code, and one
/// <see cref="Activity"/> per request from the <c>Orrery.Http</c> source, so that every latency
/// measurement has a trace and span id for its exemplar.
/// </summary>
/// <remarks>
/// The source has its own listener that samples every request: without a listener
/// <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null and the
/// histogram would have no exemplars. An Activity costs a few hundred bytes per request,
/// small beside the request itself.
/// </remarks>
public sealed class HttpMetrics : IDisposable
{
    public const string ActivitySourceName = "Orrery.Http";

    private readonly Meter _meter = new("Orrery.Http");
    private readonly Histogram<double> _duration;
    private readonly ActivitySource _source = new(ActivitySourceName);
    private readonly ActivityListener _listener;

    public HttpMetrics()
    {
        _duration = _meter.CreateHistogram<double>("orrery_http_request_duration_seconds", "s", "Time to answer HTTP and gRPC requests.");
        _listener = new ActivityListener
        {
            ShouldListenTo = source => ReferenceEquals(source, _source),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>
    /// Starts the request's activity and makes it current; dispose it when the request ends,
    /// after <see cref="Record"/>. It continues the caller's trace when the request carries a W3C
    /// <c>traceparent</c> (or an activity is already current), else starts a new one.
    /// </summary>
    public Activity? StartRequest(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        ActivityContext parent = default;
        if (Activity.Current is null)
            ActivityContext.TryParse(request.Headers["traceparent"].ToString(), request.Headers["tracestate"].ToString(), isRemote: true, out parent);
        return _source.StartActivity(request.Method, ActivityKind.Server, parent);
    }

    /// <summary>
    /// Records one request. Called while the request's activity is current, so the exporter
    /// takes that activity's ids as the bucket's exemplar.
    /// </summary>
    public void Record(string listener, string handler, int statusCode, double seconds)
    {
        if (Activity.Current is { } activity && ReferenceEquals(activity.Source, _source))
        {
            activity.DisplayName = activity.OperationName + " " + handler;
            activity.SetTag("orrery.listener", listener);
            activity.SetTag("http.route", handler);
            activity.SetTag("http.response.status_code", statusCode);
        }
        _duration.Record(
            seconds,
            new KeyValuePair<string, object?>("listener", listener),
            new KeyValuePair<string, object?>("handler", handler),
            new KeyValuePair<string, object?>("code", statusCode));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _source.Dispose();
        _meter.Dispose();
    }
}
