using Orrery.EndToEnd.Tests.Support;

namespace Orrery.EndToEnd.Tests.Pipeline;

/// <summary>
/// The forwarding tests' shared setup: a peer Orrery B that is down while forwarder A receives,
/// and A's config forwarding some signals to B through an exporter with an on-disk queue.
/// </summary>
internal static class ForwardingPeer
{
    /// <summary>
    /// Ports for B, proven free by starting B on them once and stopping it: A forwards there
    /// while nothing listens, and B restarts on the same ports later.
    /// </summary>
    public static async Task<int[]> ReserveStoppedAsync(TimeSpan patience)
    {
        var ports = FreePorts.Take(3);
        await using (var first = await InProcessOrrery.StartAsync(ports: ports))
        {
            await first.Endpoints.WaitReadyAsync(patience);
        }
        return ports;
    }

    /// <summary>B's OTLP gRPC port for <c>otlp</c>, its OTLP/HTTP port for <c>otlphttp</c>.</summary>
    public static string Endpoint(string exporter, int[] peerPorts) =>
        exporter == "otlp" ? $"http://127.0.0.1:{peerPorts[1]}" : $"http://127.0.0.1:{peerPorts[2]}";

    /// <summary>A's config: every named signal's pipeline goes from the otlp receiver to B, retrying forever.</summary>
    public static string ForwarderConfig(string exporter, string endpoint, string queueDirectory, params string[] signals) => $"""
        receivers:
          otlp:

        exporters:
          {exporter}/peer:
            endpoint: {endpoint}
            retry_on_failure:
              initial_interval: 100ms
              max_interval: 500ms
              max_elapsed_time: 0
            sending_queue:
              num_consumers: 2
              directory: {queueDirectory}

        service:
          pipelines:
        {string.Concat(signals.Select(signal => $"    {signal}:\n      receivers: [otlp]\n      exporters: [{exporter}/peer]\n"))}
        """;
}
