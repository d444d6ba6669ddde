using Orrery.Demo.Incidents;

namespace Orrery.Demo;

/// <summary>Where the demo's services send their telemetry, and how busy they are.</summary>
public sealed record DemoMeshOptions(Uri OtlpGrpcEndpoint, Uri OtlpHttpEndpoint)
{
    /// <summary>Time between two device requests to the edge API: 4 a second, a few traces per second in all.</summary>
    public TimeSpan RequestInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long spans and logs wait in the SDKs' batch processors before export.</summary>
    public TimeSpan ExportInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the SDKs export their metrics.</summary>
    public TimeSpan MetricExportInterval { get; init; } = TimeSpan.FromSeconds(5);

    public IncidentSchedule Incidents { get; init; } = IncidentSchedule.Default;
}

/// <summary>
/// A small mesh of real services on loopback, instrumented with the OpenTelemetry .NET SDK and
/// exporting to Orrery over OTLP, run until cancelled.
/// </summary>
public static class DemoMesh
{
    /// <summary>Starts the mesh, runs it until <paramref name="cancellationToken"/> is cancelled, then stops it and flushes its telemetry.</summary>
    public static async Task RunAsync(DemoMeshOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var mesh = await StartAsync(options, cancellationToken).ConfigureAwait(false);
        await using (mesh.ConfigureAwait(false))
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Asked to stop: disposing the mesh stops the traffic and flushes.
            }
        }
    }

    /// <summary>Starts every service and the traffic; disposing the result stops them and flushes their telemetry.</summary>
    public static Task<RunningMesh> StartAsync(DemoMeshOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return RunningMesh.StartAsync(options, cancellationToken);
    }
}
