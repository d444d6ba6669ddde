using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orrery.Demo.Hosting;

namespace Orrery.Demo.Services;

/// <summary>Peer connections: <c>peer.discover</c> → <c>transport.negotiate</c> (UDP hole punch, SSH tunnel, relay) → <c>transport.promote</c>.</summary>
internal sealed partial class Coordinator
{
    /// <summary>How long a UDP hole punch waits for the peer's answer before falling back.</summary>
    public const int HolePunchTimeoutMs = 1000;

    /// <summary>The region whose carrier-grade NAT drops the punch packets: every hole punch there times out.</summary>
    public const string UdpBlockedRegion = Peers.UsEast;

    private async Task ConnectAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var peer = Peers.Find(Simulated.RouteValue(context, "peerId"));
        if (peer is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        Activity.Current?.SetTag("peer.id", peer.Id);
        Activity.Current?.SetTag("net.peer.region", peer.Region);
        await SlowDownIfIncidentAsync(cancellationToken).ConfigureAwait(false);
        FailIfRegionDown("connection", probability: 1.0);

        await RegistryAsync("peer.discover", "HGETALL", "HGETALL peer:" + peer.Id, cancellationToken).ConfigureAwait(false);

        var started = Stopwatch.GetTimestamp();
        string transport;
        using (var negotiate = _telemetry.Source.StartActivity("transport.negotiate"))
        {
            negotiate?.SetTag("peer.id", peer.Id);
            negotiate?.SetTag("peer.nat_type", peer.Nat.ToString().ToLowerInvariant());
            transport = await HolePunchAsync(peer, cancellationToken).ConfigureAwait(false) ? "udp"
                : await SshTunnelAsync(peer, cancellationToken).ConfigureAwait(false) ? "ssh"
                : await RelayAsync(peer, cancellationToken).ConfigureAwait(false);
            negotiate?.SetTag("mesh.transport", transport);
            _negotiation.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new("mesh.transport", transport), new("net.peer.region", peer.Region));
        }

        using (var promote = _telemetry.Source.StartActivity("transport.promote"))
        {
            promote?.SetTag("peer.id", peer.Id);
            promote?.SetTag("mesh.transport", transport);
            await Simulated.WorkAsync(2, 6, cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("peer {PeerId} connected over {Transport} via coordinator {Region}", peer.Id, transport, Region);
        }
        _connections.Add(1, new("mesh.transport", transport), new("net.peer.region", peer.Region));
        await context.Response.WriteAsJsonAsync(new { peer = peer.Id, transport }, cancellationToken).ConfigureAwait(false);
    }

    private async Task ListPeersAsync(HttpContext context)
    {
        await SlowDownIfIncidentAsync(context.RequestAborted).ConfigureAwait(false);
        await RegistryAsync("peer.list", "SCAN", "SCAN 0 MATCH peer:* COUNT 100", context.RequestAborted).ConfigureAwait(false);
        await context.Response.WriteAsJsonAsync(Peers.All.Where(p => p.Region == Region).Select(p => p.Id), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>A call to the peer registry (Redis): a client span with database attributes, which Orrery's service graph shows as a database node.</summary>
    private async Task RegistryAsync(string spanName, string operation, string statement, CancellationToken cancellationToken)
    {
        using var span = _telemetry.Source.StartActivity(spanName, ActivityKind.Client);
        span?.SetTag("db.system", "redis");
        span?.SetTag("db.operation.name", operation);
        span?.SetTag("db.query.text", statement);
        span?.SetTag("db.namespace", "0");
        span?.SetTag("server.address", "peer-registry." + Region + ".mesh.internal");
        span?.SetTag("server.port", 6379);
        span?.SetTag("peer.service", "peer-registry");
        await Simulated.WorkAsync(1, 4, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> HolePunchAsync(Peer peer, CancellationToken cancellationToken)
    {
        using var span = _telemetry.Source.StartActivity("udp.hole_punch");
        span?.SetTag("network.transport", "udp");
        span?.SetTag("peer.id", peer.Id);
        span?.SetTag("peer.nat_type", peer.Nat.ToString().ToLowerInvariant());
        if (Region == UdpBlockedRegion)
        {
            await Task.Delay(HolePunchTimeoutMs, cancellationToken).ConfigureAwait(false);
            span?.AddEvent(new ActivityEvent("timeout", tags: new ActivityTagsCollection { ["timeout_ms"] = HolePunchTimeoutMs }));
            span?.SetStatus(ActivityStatusCode.Error, $"no UDP answer within {HolePunchTimeoutMs} ms");
            _logger.LogWarning("UDP hole punch to peer {PeerId} timed out after {TimeoutMs} ms in {Region}; falling back to an SSH tunnel", peer.Id, HolePunchTimeoutMs, Region);
            return false;
        }
        if (peer.Nat == NatType.Symmetric)
        {
            await Simulated.WorkAsync(30, 60, cancellationToken).ConfigureAwait(false);
            span?.AddEvent(new ActivityEvent("symmetric_nat"));
            span?.SetStatus(ActivityStatusCode.Error, "symmetric NAT: mapped port changes per destination");
            _logger.LogInformation("peer {PeerId} is behind a symmetric NAT; UDP hole punch impossible, trying an SSH tunnel", peer.Id);
            return false;
        }
        await Simulated.WorkAsync(15, 40, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<bool> SshTunnelAsync(Peer peer, CancellationToken cancellationToken)
    {
        using var span = _telemetry.Source.StartActivity("ssh.tunnel");
        span?.SetTag("network.transport", "tcp");
        span?.SetTag("server.port", 22);
        span?.SetTag("peer.id", peer.Id);
        await Simulated.WorkAsync(40, 90, cancellationToken).ConfigureAwait(false);
        if (peer.SshAllowed) return true;
        span?.SetStatus(ActivityStatusCode.Error, "connection refused by the peer's firewall (tcp/22)");
        _logger.LogWarning("SSH tunnel to peer {PeerId} refused by its firewall; falling back to the relay", peer.Id);
        return false;
    }

    private async Task<string> RelayAsync(Peer peer, CancellationToken cancellationToken)
    {
        using var span = _telemetry.Source.StartActivity("relay.connect");
        span?.SetTag("peer.id", peer.Id);
        await _client.EnsureAsync(_mesh.Relay, HttpMethod.Post, "/v1/relay/sessions", "/v1/relay/sessions?region=" + peer.Region, cancellationToken).ConfigureAwait(false);
        return "relay";
    }
}
