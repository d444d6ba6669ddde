using OpenTelemetry.Exporter;

namespace Orrery.Demo.Hosting;

/// <summary>
/// Who one mesh service is, as its telemetry says: <c>service.name</c>, <c>service.instance.id</c>,
/// <c>cloud.region</c>, and the OTLP protocol it exports with (the mesh mixes gRPC and
/// HTTP/protobuf so both of Orrery's receivers carry traffic).
/// </summary>
public sealed record ServiceIdentity(string Name, string InstanceId, string Region, OtlpExportProtocol Protocol)
{
    /// <summary>The name other services' spans use for it (<c>peer.service</c>) and its logical host name.</summary>
    public string HostName => $"{Name}.{Region}.mesh.internal";

    /// <summary>Meter and ActivitySource name: unique per instance, because a provider selects sources by name.</summary>
    public string InstrumentationName => $"mesh.{Name}.{InstanceId}";

    public override string ToString() => $"{Name} ({Region}, {InstanceId})";
}
