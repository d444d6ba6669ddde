using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using Orrery.Demo.Hosting;

namespace Orrery.Demo.Services;

/// <summary><c>relay</c>: the fallback transport when neither a UDP hole punch nor an SSH tunnel reaches a peer.</summary>
internal sealed class Relay
{
    private readonly MeshTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly Counter<long> _sessions;

    public Relay(MeshTelemetry telemetry)
    {
        _telemetry = telemetry;
        _logger = telemetry.CreateLogger("Relay");
        _sessions = telemetry.Meter.CreateCounter<long>("mesh.relay.sessions", "{session}", "Relay sessions allocated.");
    }

    public void Map(WebApplication app) => app.MapPost("/v1/relay/sessions", (RequestDelegate)AllocateAsync);

    private async Task AllocateAsync(HttpContext context)
    {
        var peerId = Baggage.GetBaggage("peer.id") ?? "-";
        var region = context.Request.Query["region"].ToString();
        var sessionId = "rs-" + Guid.NewGuid().ToString("N")[..10];
        using (var span = _telemetry.Source.StartActivity("relay.allocate"))
        {
            span?.SetTag("peer.id", peerId);
            span?.SetTag("net.peer.region", region);
            span?.SetTag("relay.session.id", sessionId);
            await Simulated.WorkAsync(8, 25, context.RequestAborted).ConfigureAwait(false);
            _logger.LogInformation("relay session {SessionId} allocated for peer {PeerId} in {Region}", sessionId, peerId, region);
        }
        _sessions.Add(1, new KeyValuePair<string, object?>("net.peer.region", region));
        context.Response.StatusCode = StatusCodes.Status201Created;
        await context.Response.WriteAsJsonAsync(new { session = sessionId, peer = peerId }, context.RequestAborted).ConfigureAwait(false);
    }
}
