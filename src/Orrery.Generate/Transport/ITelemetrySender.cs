namespace Orrery.Generate.Transport;

/// <summary>
/// Sends one encoded request to a peer and reports its answer. Safe to call from several workers
/// at once. Transport failures (connection refused, timeouts) throw; the runner treats them as
/// retryable.
/// </summary>
public interface ITelemetrySender : IDisposable
{
    /// <summary>What the sender talks to, for the summary line ("OTLP/gRPC 127.0.0.1:4317").</summary>
    string Description { get; }

    Task<SendOutcome> SendAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken);
}
