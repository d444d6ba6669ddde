using System.Net;
using Google.Protobuf;
using Orrery.EndToEnd.Tests.Support;

namespace Orrery.EndToEnd.Tests.Pipeline;

/// <summary>
/// The on-disk sending queue across a restart of the forwarder itself: what it acknowledged
/// while its peer was down is sent by the next run, before and alongside what arrives then.
/// </summary>
public class ForwarderRestartTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // With more files left than queue_size (e.g. queue_size: 4 here) the next run answers 500: see the report of issue 7.
    private const int QueueSize = 1000;

    [Fact]
    public async Task Traces_queued_before_a_restart_of_the_forwarder_are_delivered_by_the_next_run()
    {
        var peerPorts = FreePorts.Take(3);
        using var queue = new TempDirectory();
        var config = ForwarderConfig($"http://127.0.0.1:{peerPorts[2]}", queue.Path, QueueSize);

        var accepted = new List<string>();
        await using (var first = await InProcessOrrery.StartAsync(configYaml: config))
        {
            // The peer is down: every request is acknowledged once its file is synced.
            for (var i = 0; i < 10; i++)
            {
                var (id, status) = await SendAsync(first, "before restart " + i);
                Assert.Equal(HttpStatusCode.OK, status);
                accepted.Add(id);
            }
        }
        Assert.Equal(accepted.Count, Directory.GetFiles(queue.Path, "*.otlp").Length);

        await using var second = await InProcessOrrery.StartAsync(configYaml: config);
        for (var i = 0; i < 3; i++)
        {
            var (id, status) = await SendAsync(second, "after restart " + i);
            Assert.True(status == HttpStatusCode.OK, $"after restart {i}: HTTP {(int)status}");
            accepted.Add(id);
        }

        await using var peer = await InProcessOrrery.StartAsync(ports: peerPorts);
        var reads = new OrreryReads(peer.Endpoints, DateTimeOffset.UtcNow.AddMinutes(-5));
        var missing = accepted;
        await Eventually.HoldsAsync("queued traces stored on the peer", Patience, async () =>
        {
            var stillMissing = new List<string>();
            foreach (var id in missing)
            {
                if (!await reads.TraceExistsAsync(id)) stillMissing.Add(id);
            }
            missing = stillMissing;
            return (missing.Count == 0, $"{missing.Count} of {accepted.Count} traces missing");
        });
    }

    private static async Task<(string TraceId, HttpStatusCode Status)> SendAsync(InProcessOrrery orrery, string name)
    {
        var traceId = OtlpMessages.NewTraceId();
        var request = OtlpMessages.Request("restarted-forwarder", OtlpMessages.Span(traceId, OtlpMessages.NewSpanId(), name, OtlpMessages.NowUnixNano()));
        using var response = await orrery.Endpoints.PostOtlpAsync(orrery.Endpoints.OtlpHttpTraces, request.ToByteArray(), "application/x-protobuf");
        return (OtlpMessages.Hex(traceId), response.StatusCode);
    }

    private static string ForwarderConfig(string endpoint, string queueDirectory, int queueSize) => $"""
        receivers:
          otlp:

        exporters:
          otlphttp/peer:
            endpoint: {endpoint}
            retry_on_failure:
              initial_interval: 100ms
              max_interval: 500ms
              max_elapsed_time: 0
            sending_queue:
              num_consumers: 1
              queue_size: {queueSize}
              directory: {queueDirectory}

        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [otlphttp/peer]
        """;
}
