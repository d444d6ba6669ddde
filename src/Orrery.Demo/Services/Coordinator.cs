using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using Orrery.Demo.Hosting;
using Orrery.Demo.Incidents;

namespace Orrery.Demo.Services;

/// <summary>
/// <c>coordinator</c>, one per region: negotiates peer transports (Coordinator.Transport.cs) and
/// serves the S3 API over chunked storage with cross-region replication (Coordinator.Objects.cs).
/// Incidents of its region slow it down or make it fail.
/// </summary>
internal sealed partial class Coordinator
{
    private readonly MeshTelemetry _telemetry;
    private readonly MeshClient _client;
    private readonly MeshDirectory _mesh;
    private readonly IncidentScheduler _incidents;
    private readonly ILogger _logger;
    private readonly Counter<long> _connections;
    private readonly Histogram<double> _negotiation;
    private readonly Histogram<double> _chunkStore;
    private readonly Counter<long> _replicated;

    public Coordinator(MeshTelemetry telemetry, MeshClient client, MeshDirectory mesh, IncidentScheduler incidents)
    {
        _telemetry = telemetry;
        _client = client;
        _mesh = mesh;
        _incidents = incidents;
        _logger = telemetry.CreateLogger("Coordinator");
        _connections = telemetry.Meter.CreateCounter<long>("mesh.peer.connections", "{connection}", "Peer connections established, by transport.");
        _negotiation = telemetry.Meter.CreateHistogram("mesh.transport.negotiate.duration", "s", "Time to find a working transport to a peer.", advice: MeshTelemetry.SecondsAdvice);
        _chunkStore = telemetry.Meter.CreateHistogram("s3.chunk.store.duration", "s", "Time to store one chunk of an object.", advice: MeshTelemetry.SecondsAdvice);
        _replicated = telemetry.Meter.CreateCounter<long>("s3.replication.objects", "{object}", "Objects replicated from the other region.");
    }

    private string Region => _telemetry.Identity.Region;

    public void Map(WebApplication app)
    {
        app.MapPost("/v1/peers/{peerId}/connect", (RequestDelegate)ConnectAsync);
        app.MapGet("/v1/peers", (RequestDelegate)ListPeersAsync);
        app.MapPut("/v1/objects/{bucket}/{*key}", (RequestDelegate)PutObjectAsync);
        app.MapGet("/v1/objects/{bucket}/{*key}", (RequestDelegate)GetObjectAsync);
    }

    private static string CurrentPeer => Baggage.GetBaggage("peer.id") ?? "-";

    /// <summary>
    /// The slow-coordinator incident: every request first waits on a slow fsync, in a span of its
    /// own and with a warning naming the peer, so the trace and the logs both show where the time went.
    /// </summary>
    private async Task SlowDownIfIncidentAsync(CancellationToken cancellationToken)
    {
        var incident = _incidents.Current;
        if (incident.Kind != IncidentKind.SlowCoordinator || !incident.Affects(Region)) return;
        using var span = _telemetry.Source.StartActivity("storage.fsync");
        span?.SetTag("incident", incident.ToString());
        var delayMs = Random.Shared.Next(300, 900);
        span?.SetTag("storage.wait_ms", delayMs);
        _logger.LogWarning("storage fsync slow on coordinator {Region}: request for peer {PeerId} waited {DelayMs} ms", Region, CurrentPeer, delayMs);
        await Task.Delay(delayMs, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The failing-region incident: refuses the request with 503 when this region is the failing one (and the dice agree).</summary>
    private void FailIfRegionDown(string what, double probability)
    {
        var incident = _incidents.Current;
        if (incident.Kind != IncidentKind.FailingRegion || !incident.Affects(Region) || !Simulated.Chance(probability)) return;
        Activity.Current?.SetTag("incident", incident.ToString());
        throw new MeshFailureException(StatusCodes.Status503ServiceUnavailable, $"region {Region} degraded: {what} for peer {CurrentPeer} refused (relay pool exhausted)");
    }
}
