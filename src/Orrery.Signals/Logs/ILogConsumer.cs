namespace Orrery.Signals.Logs;

/// <summary>
/// The contract between logs stages (receiver → pipeline → log store). Like metric writes,
/// log writes are refused line by line (out of order beyond the window, line too long, too
/// many labels): the rest of the batch is kept and the result says what was refused and why.
/// </summary>
public interface ILogConsumer
{
    /// <summary>
    /// Takes ownership of <paramref name="batch"/>. Completes once the accepted lines are
    /// durable (in the write-ahead log) and queryable. Throws
    /// <see cref="ConsumerRejectedException"/> when the whole batch is refused and
    /// <see cref="OperationCanceledException"/> on cancellation.
    /// </summary>
    ValueTask<LogWriteResult> ConsumeAsync(string tenant, LogBatch batch, CancellationToken cancellationToken = default);
}

/// <summary>What became of a batch; <see cref="ErrorMessage"/> names the first few reasons, null when nothing was rejected.</summary>
public readonly record struct LogWriteResult(int AcceptedLines, int RejectedLines, string? ErrorMessage);
