using System.Net;
using Google.Protobuf;
using Orrery.EndToEnd.Tests.Support;

namespace Orrery.EndToEnd.Tests.Pipeline;

/// <summary>
/// Orrery A forwards its traces to Orrery B through an <c>otlp</c> or <c>otlphttp</c> exporter
/// with an on-disk sending queue. B is down while A receives: A acknowledges every request
/// once it is on disk, keeps retrying, and delivers everything once B is back on the same ports.
/// </summary>
public class ForwardingTests
{
    private const int Traces = 40;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("otlphttp")]
    [InlineData("otlp")]
    public async Task Traces_received_while_the_peer_is_down_are_delivered_when_it_is_back(string exporter)
    {
        var peerPorts = await ForwardingPeer.ReserveStoppedAsync(Patience);

        using var queue = new TempDirectory();
        var peerEndpoint = ForwardingPeer.Endpoint(exporter, peerPorts);
        await using var forwarder = await InProcessOrrery.StartAsync(configYaml: ForwardingPeer.ForwarderConfig(exporter, peerEndpoint, queue.Path, "traces"));

        var sent = new List<string>();
        for (var i = 0; i < Traces; i++)
        {
            var traceId = OtlpMessages.NewTraceId();
            var request = OtlpMessages.Request("forwarded-" + exporter,
                OtlpMessages.Span(traceId, OtlpMessages.NewSpanId(), "span " + i, OtlpMessages.NowUnixNano()));
            using var response = await forwarder.Endpoints.PostOtlpAsync(forwarder.Endpoints.OtlpHttpTraces, request.ToByteArray(), "application/x-protobuf");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            sent.Add(OtlpMessages.Hex(traceId));
        }

        // Every acknowledged request waits on disk: nothing could be delivered, nothing was dropped.
        Assert.Equal(Traces, Directory.GetFiles(queue.Path, "*.otlp").Length);

        await using var peer = await InProcessOrrery.StartAsync(ports: peerPorts);
        var reads = new OrreryReads(peer.Endpoints, DateTimeOffset.UtcNow.AddMinutes(-5));
        var missing = sent;
        await Eventually.HoldsAsync("forwarded traces stored on the peer", Patience, async () =>
        {
            var stillMissing = new List<string>();
            foreach (var id in missing)
            {
                if (!await reads.TraceExistsAsync(id)) stillMissing.Add(id);
            }
            missing = stillMissing;
            return (missing.Count == 0, $"{missing.Count} of {Traces} traces missing, e.g. {string.Join(", ", missing.Take(3))}");
        });
        await Eventually.HoldsAsync("sending queue drained", Patience, () =>
        {
            var left = Directory.GetFiles(queue.Path, "*.otlp").Length;
            return Task.FromResult((left == 0, $"{left} files left in the queue"));
        });
    }
}
