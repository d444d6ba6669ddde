namespace Orrery.Receive.Otlp;

/// <param name="MaxRequestBytes">Largest export accepted, counted after decompression.</param>
/// <param name="MultiTenant">When true, <c>X-Scope-OrgID</c> is required; otherwise every export goes to tenant <c>default</c>.</param>
public sealed record OtlpReceiveOptions(long MaxRequestBytes = OtlpReceiveOptions.DefaultMaxRequestBytes, bool MultiTenant = false)
{
    /// <summary>16 MiB: four times the OpenTelemetry Collector's default gRPC message limit (4 MiB).</summary>
    public const long DefaultMaxRequestBytes = 16L * 1024 * 1024;
}
