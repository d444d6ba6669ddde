namespace Orrery.Pipeline.Exporters.Otlp;

/// <summary>A send to the peer failed; <see cref="Retryable"/> says whether the same payload may succeed later.</summary>
public sealed class OtlpSendException(string message, bool retryable, TimeSpan? retryAfter = null, Exception? inner = null) : Exception(message, inner)
{
    public bool Retryable { get; } = retryable;

    /// <summary>The peer's own advice (Retry-After, gRPC RetryInfo), when it gave one.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>Sends one encoded OTLP export request (ExportTraceServiceRequest bytes) to the peer.</summary>
public interface IOtlpSender
{
    /// <summary>
    /// Sends for <paramref name="tenant"/>, named to the peer as <c>X-Scope-OrgID</c> unless the
    /// configured headers set that header themselves.
    /// </summary>
    /// <exception cref="OtlpSendException">The peer refused or could not be reached.</exception>
    Task SendAsync(byte[] payload, string tenant, CancellationToken cancellationToken);
}
