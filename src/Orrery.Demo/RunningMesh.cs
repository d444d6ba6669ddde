using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using Orrery.Demo.Hosting;
using Orrery.Demo.Incidents;
using Orrery.Demo.Replication;
using Orrery.Demo.Services;
using Orrery.Demo.Traffic;

namespace Orrery.Demo;

/// <summary>
/// The started mesh: five services (edge-api, a coordinator in eu-west and one in us-east,
/// relay, object-store), the incident scheduler and the device traffic. Disposing it stops the
/// traffic, lets requests under way finish, stops the services and flushes their SDKs.
/// </summary>
public sealed class RunningMesh : IAsyncDisposable
{
    private static readonly TimeSpan s_flushTimeout = TimeSpan.FromSeconds(5);

    private readonly List<MeshTelemetry> _telemetry;
    private readonly List<MeshServer> _servers;
    private readonly HttpClient _http;
    private readonly IncidentScheduler _incidents;
    private readonly CancellationTokenSource _stop;
    private readonly Task[] _background;
    private int _disposed;

    private RunningMesh(List<MeshTelemetry> telemetry, List<MeshServer> servers, HttpClient http, IncidentScheduler incidents, CancellationTokenSource stop, Task[] background, IReadOnlyList<MeshServiceInfo> services)
    {
        _telemetry = telemetry;
        _servers = servers;
        _http = http;
        _incidents = incidents;
        _stop = stop;
        _background = background;
        Services = services;
    }

    public IReadOnlyList<MeshServiceInfo> Services { get; }

    /// <summary>The incident in force now.</summary>
    public Incident CurrentIncident => _incidents.Current;

    internal static async Task<RunningMesh> StartAsync(DemoMeshOptions options, CancellationToken cancellationToken)
    {
        var target = new OtlpTarget(options.OtlpGrpcEndpoint, options.OtlpHttpEndpoint, options.ExportInterval, options.MetricExportInterval);
        // Both protocols in use, so both of Orrery's receivers carry traffic.
        ServiceIdentity[] identities =
        [
            new("edge-api", "edge-api-1", Peers.EuWest, OtlpExportProtocol.Grpc),
            new("coordinator", "coord-euw-1", Peers.EuWest, OtlpExportProtocol.HttpProtobuf),
            new("coordinator", "coord-use-1", Peers.UsEast, OtlpExportProtocol.Grpc),
            new("relay", "relay-1", Peers.EuWest, OtlpExportProtocol.HttpProtobuf),
            new("object-store", "objstore-1", Peers.EuWest, OtlpExportProtocol.Grpc),
        ];
        var telemetry = identities.Select(i => MeshTelemetry.Create(i, target)).ToList();
        var (edgeT, euT, usT, relayT, storeT) = (telemetry[0], telemetry[1], telemetry[2], telemetry[3], telemetry[4]);

        // Our own headers only: the handler's built-in propagation would add a second traceparent.
        var http = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var mesh = new MeshDirectory();
        foreach (var region in Peers.Regions) mesh.AddQueue(new ReplicationQueue(region));
        var coordinatorLoggers = new Dictionary<string, ILogger>
        {
            [Peers.EuWest] = euT.CreateLogger("Incidents"),
            [Peers.UsEast] = usT.CreateLogger("Incidents"),
        };
        var incidents = new IncidentScheduler(options.Incidents, TimeProvider.System, region => coordinatorLoggers[region]);

        var edge = new EdgeApi(new MeshClient(edgeT, http), mesh);
        var euWest = new Coordinator(euT, new MeshClient(euT, http), mesh, incidents);
        var usEast = new Coordinator(usT, new MeshClient(usT, http), mesh, incidents);
        var relay = new Relay(relayT);
        var store = new ObjectStore(storeT);

        var servers = new List<MeshServer>();
        try
        {
            servers.Add(await MeshServer.StartAsync(edgeT, edge.Map, cancellationToken).ConfigureAwait(false));
            servers.Add(await MeshServer.StartAsync(euT, euWest.Map, cancellationToken).ConfigureAwait(false));
            servers.Add(await MeshServer.StartAsync(usT, usEast.Map, cancellationToken).ConfigureAwait(false));
            servers.Add(await MeshServer.StartAsync(relayT, relay.Map, cancellationToken).ConfigureAwait(false));
            servers.Add(await MeshServer.StartAsync(storeT, store.Map, cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            foreach (var server in servers) await server.DisposeAsync().ConfigureAwait(false);
            foreach (var t in telemetry) t.Dispose();
            http.Dispose();
            throw;
        }
        mesh.AddCoordinator(new ServiceEndpoint(euT.Identity, servers[1].Address));
        mesh.AddCoordinator(new ServiceEndpoint(usT.Identity, servers[2].Address));
        mesh.Relay = new ServiceEndpoint(relayT.Identity, servers[3].Address);
        mesh.ObjectStore = new ServiceEndpoint(storeT.Identity, servers[4].Address);

        var stop = new CancellationTokenSource();
        var driver = new TrafficDriver(servers[0].Address, http, options.RequestInterval, edgeT.CreateLogger("Traffic"));
        Task[] background =
        [
            Task.Run(() => euWest.ReplicateAsync(stop.Token), CancellationToken.None),
            Task.Run(() => usEast.ReplicateAsync(stop.Token), CancellationToken.None),
            Task.Run(() => incidents.RunAsync(stop.Token), CancellationToken.None),
            Task.Run(() => driver.RunAsync(stop.Token), CancellationToken.None),
        ];
        var services = identities.Select((id, i) => new MeshServiceInfo(id.Name, id.InstanceId, id.Region, servers[i].Address,
            id.Protocol == OtlpExportProtocol.Grpc ? "grpc" : "http/protobuf")).ToList();
        return new RunningMesh(telemetry, servers, http, incidents, stop, background, services);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        // The driver returns once its requests under way have finished.
        await Task.WhenAll(_background).ConfigureAwait(false);
        foreach (var server in _servers) await server.DisposeAsync().ConfigureAwait(false);
        foreach (var t in _telemetry) t.Flush(s_flushTimeout);
        foreach (var t in _telemetry) t.Dispose();
        _http.Dispose();
        _stop.Dispose();
    }
}
