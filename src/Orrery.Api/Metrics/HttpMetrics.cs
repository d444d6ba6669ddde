using System.Diagnostics.Metrics;

namespace Orrery.Api.Metrics;

/// <summary>Request latency by listener, handler (route pattern) and status code.</summary>
public sealed class HttpMetrics : IDisposable
{
    private readonly Meter _meter = new("Orrery.Http");
    private readonly Histogram<double> _duration;

    public HttpMetrics() =>
        _duration = _meter.CreateHistogram<double>("orrery_http_request_duration_seconds", "s", "Time to answer HTTP and gRPC requests.");

    public void Record(string listener, string handler, int statusCode, double seconds) =>
        _duration.Record(
            seconds,
            new KeyValuePair<string, object?>("listener", listener),
            new KeyValuePair<string, object?>("handler", handler),
            new KeyValuePair<string, object?>("code", statusCode));

    public void Dispose() => _meter.Dispose();
}
