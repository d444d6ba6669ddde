namespace Orrery.Demo;

/// <summary>One running service of the demo mesh, as <c>orrery demo</c> lists it.</summary>
/// <param name="Protocol">How it exports OTLP: <c>grpc</c> or <c>http/protobuf</c>.</param>
public sealed record MeshServiceInfo(string Name, string InstanceId, string Region, Uri Address, string Protocol);
