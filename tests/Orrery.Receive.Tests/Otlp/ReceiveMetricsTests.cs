using System.Diagnostics.Metrics;
using Orrery.Receive.Otlp;

namespace Orrery.Receive.Tests.Otlp;

public sealed class ReceiveMetricsTests
{
    [Theory]
    [InlineData("traces", "orrery_receiver_spans_received", "orrery_receiver_spans_rejected")]
    [InlineData("metrics", "orrery_receiver_metric_points_received", "orrery_receiver_metric_points_rejected")]
    [InlineData("logs", "orrery_receiver_log_records_received", "orrery_receiver_log_records_rejected")]
    public void Each_signal_counts_its_own_items(string signalName, string received, string rejected)
    {
        var signal = new[] { OtlpSignal.Traces, OtlpSignal.Metrics, OtlpSignal.Logs }.Single(s => s.Name == signalName);
        using var metrics = new ReceiveMetrics();
        var counts = new Dictionary<string, long>();
        using var listener = Listen(metrics, counts);

        metrics.Record(signal, "grpc", new OtlpExportResult(OtlpExportStatus.Ok, 7, 2, "2 rejected"));
        metrics.Record(signal, "http", new OtlpExportResult(OtlpExportStatus.Malformed, 0, 0, "bad"));

        Assert.Equal(9, counts.GetValueOrDefault(received));
        Assert.Equal(2, counts.GetValueOrDefault(rejected));
        Assert.Equal(1, counts.GetValueOrDefault("orrery_receiver_malformed_requests"));
        Assert.Equal(3, counts.Count);
    }

    private static MeterListener Listen(ReceiveMetrics metrics, Dictionary<string, long> counts)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, metrics.Meter)) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (counts) counts[instrument.Name] = counts.GetValueOrDefault(instrument.Name) + value;
        });
        listener.Start();
        return listener;
    }
}
