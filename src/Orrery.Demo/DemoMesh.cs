namespace Orrery.Demo;

/// <summary>Where the demo's services send their telemetry.</summary>
public sealed record DemoMeshOptions(Uri OtlpGrpcEndpoint, Uri OtlpHttpEndpoint);

/// <summary>
/// A small mesh of real services on loopback, instrumented with the OpenTelemetry .NET SDK and
/// exporting to Orrery over OTLP, run until cancelled.
/// </summary>
public static class DemoMesh
{
    public static Task RunAsync(DemoMeshOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
