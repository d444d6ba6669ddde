using Orrery.Signals;
using Orrery.Signals.Logs;

namespace Orrery.Receive.Tests.Otlp.Logs;

/// <summary>
/// An <see cref="ILogConsumer"/> that keeps what it was given and answers as told: by default it
/// accepts every line; <see cref="RejectLinesContaining"/> refuses lines like a store would (line
/// too long…), <see cref="Throw"/> refuses the whole batch.
/// </summary>
internal sealed class RecordingLogConsumer : ILogConsumer
{
    public List<(string Tenant, IReadOnlyList<LogLine> Lines)> Batches { get; } = [];

    public string? RejectLinesContaining { get; set; }

    public ConsumerRejectedException? Throw { get; set; }

    public IEnumerable<LogLine> Stored => Batches.SelectMany(b => b.Lines.Where(l => RejectLinesContaining is null || !l.Line.Contains(RejectLinesContaining, StringComparison.Ordinal)));

    public ValueTask<LogWriteResult> ConsumeAsync(string tenant, LogBatch batch, CancellationToken cancellationToken = default)
    {
        if (Throw is not null) throw Throw;
        var lines = LogBatchView.Lines(batch);
        Batches.Add((tenant, lines));
        var rejected = RejectLinesContaining is null ? 0 : lines.Count(l => l.Line.Contains(RejectLinesContaining, StringComparison.Ordinal));
        var message = rejected == 0 ? null : $"{rejected} lines longer than the limit";
        return ValueTask.FromResult(new LogWriteResult(lines.Count - rejected, rejected, message));
    }
}
