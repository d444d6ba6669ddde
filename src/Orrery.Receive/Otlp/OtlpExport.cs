namespace Orrery.Receive.Otlp;

/// <summary>How an export request's payload is encoded.</summary>
public enum OtlpPayloadFormat
{
    Protobuf,
    Json,
}

/// <summary>What became of an export, for the transport to translate into its own status.</summary>
public enum OtlpExportStatus
{
    /// <summary>Decoded and durably stored (possibly with some items rejected: partial success).</summary>
    Ok,
    /// <summary>The payload could not be decoded; nothing was stored.</summary>
    Malformed,
    /// <summary>Downstream refused the batch for good (e.g. a limit); nothing was stored.</summary>
    Refused,
    /// <summary>Downstream is unavailable (shutting down, or a retryable refusal); retry later.</summary>
    Unavailable,
}

/// <param name="Rejected">Items (spans, data points, log records) dropped — invalid, or refused downstream: OTLP partial success.</param>
/// <param name="ErrorMessage">Why, when anything was rejected.</param>
public readonly record struct OtlpExportResult(OtlpExportStatus Status, int Accepted, int Rejected, string? ErrorMessage)
{
    /// <summary>For <see cref="OtlpExportStatus.Unavailable"/>: how long the client should wait, when downstream said (a rate limit's refill time).</summary>
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>
/// One signal's OTLP export service (traces, metrics or logs). The gRPC and HTTP transports
/// are shared: they route a request to the service whose path it names and translate the
/// result into their own status codes.
/// </summary>
public interface IOtlpExportService
{
    OtlpSignal Signal { get; }

    /// <summary>Decodes, hands on downstream and answers once the accepted items are durable.</summary>
    ValueTask<OtlpExportResult> ExportAsync(string tenant, OtlpPayloadFormat format, ReadOnlyMemory<byte> payload, string transport, CancellationToken cancellationToken);
}
