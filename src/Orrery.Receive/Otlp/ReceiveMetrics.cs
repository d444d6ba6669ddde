using System.Diagnostics.Metrics;

namespace Orrery.Receive.Otlp;

/// <summary>Receiver instruments (meter <c>Orrery.Receive</c>), tagged by transport.</summary>
public sealed class ReceiveMetrics : IDisposable
{
    private readonly Meter _meter = new("Orrery.Receive");
    private readonly Counter<long> _received;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _malformed;

    public ReceiveMetrics()
    {
        _received = _meter.CreateCounter<long>("orrery_receiver_spans_received", "spans", "Spans received in export requests.");
        _rejected = _meter.CreateCounter<long>("orrery_receiver_spans_rejected", "spans", "Spans received but not stored (invalid or refused).");
        _malformed = _meter.CreateCounter<long>("orrery_receiver_malformed_requests", "requests", "Export requests that could not be decoded.");
    }

    public void Received(string transport, long spans)
    {
        if (spans > 0) _received.Add(spans, new KeyValuePair<string, object?>("transport", transport));
    }

    public void Rejected(string transport, long spans)
    {
        if (spans > 0) _rejected.Add(spans, new KeyValuePair<string, object?>("transport", transport));
    }

    public void MalformedRequest(string transport) => _malformed.Add(1, new KeyValuePair<string, object?>("transport", transport));

    public void Dispose() => _meter.Dispose();
}
