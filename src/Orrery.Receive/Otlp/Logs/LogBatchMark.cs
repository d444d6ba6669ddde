using Orrery.Signals.Logs;

namespace Orrery.Receive.Otlp.Logs;

/// <summary>The sizes of a <see cref="LogBatch"/>'s tables at one moment, to undo what was added since.</summary>
internal readonly struct LogBatchMark(LogBatch batch)
{
    private readonly int _bytes = batch.Bytes.Length;
    private readonly int _streams = batch.Streams.Count;
    private readonly int _streamLabels = batch.StreamLabels.Count;
    private readonly int _records = batch.Records.Count;
    private readonly int _metadata = batch.Metadata.Count;

    public int Records => _records;

    public void Restore(LogBatch batch)
    {
        batch.Bytes.Truncate(_bytes);
        batch.Streams.Truncate(_streams);
        batch.StreamLabels.Truncate(_streamLabels);
        batch.Records.Truncate(_records);
        batch.Metadata.Truncate(_metadata);
    }
}
