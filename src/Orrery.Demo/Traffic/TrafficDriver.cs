using System.Globalization;
using Microsoft.Extensions.Logging;
using Orrery.Demo.Services;

namespace Orrery.Demo.Traffic;

/// <summary>
/// The devices: a request to the edge API every <c>interval</c>, in <see cref="ScenarioCycle"/>
/// order. Requests are not awaited one after another (a hole punch timeout takes a second), but at
/// most <see cref="MaxInFlight"/> run at once, so a slow incident cannot pile up work.
/// </summary>
internal sealed class TrafficDriver(Uri edgeApi, HttpClient http, TimeSpan interval, ILogger logger)
{
    private const int MaxInFlight = 32;

    private readonly SemaphoreSlim _inFlight = new(MaxInFlight);
    private long _step;
    private long _uploads;
    private long _connects;
    private long _skipped;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!_inFlight.Wait(0))
                {
                    if (Interlocked.Increment(ref _skipped) % 100 == 1) logger.LogWarning("{Max} requests in flight: skipping a request", MaxInFlight);
                    continue;
                }
                var step = _step++;
                _ = SendAsync(ScenarioCycle.At(step), step, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        // Let the requests under way finish, so no span is cut off mid-trace.
        for (var i = 0; i < MaxInFlight; i++) await _inFlight.WaitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private async Task SendAsync(Scenario scenario, long step, CancellationToken cancellationToken)
    {
        try
        {
            using var request = Request(scenario, step);
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            // A device's request failed or the demo is stopping; the spans tell the story.
        }
        finally
        {
            _inFlight.Release();
        }
    }

    private HttpRequestMessage Request(Scenario scenario, long step)
    {
        var peer = Peers.All[(int)(step % Peers.All.Count)];
        HttpRequestMessage request;
        switch (scenario)
        {
            case Scenario.ConnectPeer:
                // Connections go round the peers in order, so each transport path comes up early.
                var connecting = Peers.All[(int)((Interlocked.Increment(ref _connects) - 1) % Peers.All.Count)];
                request = new HttpRequestMessage(HttpMethod.Post, new Uri(edgeApi, $"/v1/peers/{connecting.Id}/connect"));
                break;
            case Scenario.ListPeers:
                request = new HttpRequestMessage(HttpMethod.Get, new Uri(edgeApi, "/v1/peers"));
                break;
            case Scenario.UploadObject:
                var n = Interlocked.Increment(ref _uploads);
                var bucket = Peers.Buckets[(int)(n % Peers.Buckets.Count)];
                var size = (long)Random.Shared.Next(4, 96) << 20;
                request = new HttpRequestMessage(HttpMethod.Put, new Uri(edgeApi, $"/v1/objects/{bucket}/{peer.Id}/upload-{n.ToString(CultureInfo.InvariantCulture)}.tar?size={size.ToString(CultureInfo.InvariantCulture)}"));
                break;
            default:
                var readBucket = Peers.Buckets[Random.Shared.Next(Peers.Buckets.Count)];
                request = new HttpRequestMessage(HttpMethod.Get, new Uri(edgeApi, $"/v1/objects/{readBucket}/{peer.Id}/upload-{Random.Shared.Next(1, 50).ToString(CultureInfo.InvariantCulture)}.tar"));
                break;
        }
        request.Headers.Add(EdgeApi.PeerHeader, peer.Id);
        return request;
    }
}
