using System.Diagnostics.Metrics;

namespace Orrery.Receive.Otlp;

/// <summary>
/// Receiver instruments (meter <c>Orrery.Receive</c>), one received/rejected pair per signal as
/// the OpenTelemetry Collector counts them (spans, metric points, log records), tagged by
/// transport. The OTLP transports record every export's result here, so no service counts itself.
/// </summary>
public sealed class ReceiveMetrics : IDisposable
{
    private readonly Meter _meter = new("Orrery.Receive");

    /// <summary>This instance's meter, so a listener can tell it from other instances' meters of the same name.</summary>
    internal Meter Meter => _meter;
    private readonly Dictionary<OtlpSignal, (Counter<long> Received, Counter<long> Rejected)> _bySignal = [];
    private readonly Counter<long> _malformed;

    public ReceiveMetrics()
    {
        Add(OtlpSignal.Traces, "spans");
        Add(OtlpSignal.Metrics, "metric_points");
        Add(OtlpSignal.Logs, "log_records");
        _malformed = _meter.CreateCounter<long>("orrery_receiver_malformed_requests", "requests", "Export requests that could not be decoded.");
    }

    /// <summary>Counts one export: items received (accepted + rejected), rejected, or a malformed request.</summary>
    public void Record(OtlpSignal signal, string transport, in OtlpExportResult result)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var tag = new KeyValuePair<string, object?>("transport", transport);
        if (result.Status == OtlpExportStatus.Malformed)
        {
            _malformed.Add(1, tag, new KeyValuePair<string, object?>("signal", signal.Name));
            return;
        }
        if (!_bySignal.TryGetValue(signal, out var counters)) return;
        var received = (long)result.Accepted + result.Rejected;
        if (received > 0) counters.Received.Add(received, tag);
        if (result.Rejected > 0) counters.Rejected.Add(result.Rejected, tag);
    }

    public void Dispose() => _meter.Dispose();

    private void Add(OtlpSignal signal, string items) => _bySignal[signal] = (
        _meter.CreateCounter<long>($"orrery_receiver_{items}_received", items, $"{signal.Name}: items received in export requests."),
        _meter.CreateCounter<long>($"orrery_receiver_{items}_rejected", items, $"{signal.Name}: items received but not stored (invalid or refused)."));
}
