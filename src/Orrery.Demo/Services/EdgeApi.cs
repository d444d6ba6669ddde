using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OpenTelemetry;
using Orrery.Demo.Hosting;

namespace Orrery.Demo.Services;

/// <summary>
/// <c>edge-api</c>: the public API devices call. It names the calling peer in the baggage
/// (<c>peer.id</c>, <c>tenant.id</c>), which every service downstream reads, and routes each
/// request to the coordinator of the peer's or the bucket's region.
/// </summary>
internal sealed class EdgeApi(MeshClient client, MeshDirectory mesh)
{
    /// <summary>The header a device names itself with.</summary>
    public const string PeerHeader = "x-peer-id";

    public void Map(WebApplication app)
    {
        app.MapPost("/v1/peers/{peerId}/connect", (RequestDelegate)ConnectAsync);
        app.MapGet("/v1/peers", (RequestDelegate)ListPeersAsync);
        app.MapPut("/v1/objects/{bucket}/{*key}", (RequestDelegate)PutObjectAsync);
        app.MapGet("/v1/objects/{bucket}/{*key}", (RequestDelegate)GetObjectAsync);
    }

    private Task ConnectAsync(HttpContext context)
    {
        var peerId = Simulated.RouteValue(context, "peerId");
        var peer = Peers.Find(peerId);
        if (peer is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        NameCaller(context, peerId);
        return ForwardAsync(context, mesh.Coordinator(peer.Region), HttpMethod.Post, "/v1/peers/{peerId}/connect", $"/v1/peers/{peerId}/connect");
    }

    private Task ListPeersAsync(HttpContext context)
    {
        NameCaller(context, null);
        return ForwardAsync(context, mesh.Coordinator(Peers.EuWest), HttpMethod.Get, "/v1/peers", "/v1/peers");
    }

    private Task PutObjectAsync(HttpContext context) => ForwardObjectAsync(context, HttpMethod.Put);

    private Task GetObjectAsync(HttpContext context) => ForwardObjectAsync(context, HttpMethod.Get);

    private Task ForwardObjectAsync(HttpContext context, HttpMethod method)
    {
        NameCaller(context, null);
        var bucket = Simulated.RouteValue(context, "bucket");
        var key = Simulated.RouteValue(context, "key");
        return ForwardAsync(context, mesh.Coordinator(Peers.RegionOfBucket(bucket)), method, "/v1/objects/{bucket}/{*key}", $"/v1/objects/{bucket}/{key}{context.Request.QueryString}");
    }

    private async Task ForwardAsync(HttpContext context, ServiceEndpoint coordinator, HttpMethod method, string route, string path)
    {
        await client.EnsureAsync(coordinator, method, route, path, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = method == HttpMethod.Put ? StatusCodes.Status201Created : StatusCodes.Status200OK;
    }

    /// <summary>The device's peer id (the header, else the connecting peer) and the tenant go into the baggage for every service downstream.</summary>
    private static void NameCaller(HttpContext context, string? peerId)
    {
        peerId ??= context.Request.Headers[PeerHeader].ToString();
        if (peerId.Length == 0) return;
        Baggage.SetBaggage("peer.id", peerId);
        Baggage.SetBaggage("tenant.id", "acme");
        Activity.Current?.SetTag("peer.id", peerId);
        Activity.Current?.SetTag("tenant.id", "acme");
    }
}
