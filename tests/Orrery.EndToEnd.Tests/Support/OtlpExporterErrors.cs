using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Orrery.EndToEnd.Tests.Support;

/// <summary>
/// Collects the OpenTelemetry OTLP exporter's own warnings and errors. The SDK swallows export
/// failures (ForceFlush still returns true), so without this a failed export would look like
/// data the server lost.
/// </summary>
internal sealed class OtlpExporterErrors : EventListener
{
    private const string SourceName = "OpenTelemetry-Exporter-OpenTelemetryProtocol";
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Messages => _messages;

    public string Describe() => _messages.IsEmpty ? "the exporter reported no error" : "exporter errors: " + string.Join(" | ", _messages);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == SourceName) EnableEvents(eventSource, EventLevel.Warning);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        var payload = e.Payload is null ? "" : string.Join(", ", e.Payload);
        _messages.Enqueue($"{e.EventName}: {payload}");
    }
}
