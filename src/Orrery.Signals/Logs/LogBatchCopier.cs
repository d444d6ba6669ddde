using Orrery.Signals.Labels;

namespace Orrery.Signals.Logs;

/// <summary>
/// Copies chosen log records from source batches into one destination batch, with their stream
/// (once per source stream) and structured metadata: the logs counterpart of
/// <see cref="Traces.SpanBatchCopier"/>.
/// </summary>
public sealed class LogBatchCopier(LogBatch destination)
{
    private readonly Dictionary<(LogBatch Source, int Stream), int> _streams = new();

    public LogBatch Destination { get; } = destination;

    /// <summary>Copies record <paramref name="record"/> of <paramref name="source"/> to the end of the destination.</summary>
    public void CopyRecord(LogBatch source, int record)
    {
        var d = Destination;
        var r = source.Records[record];
        r.Stream = MapStream(source, r.Stream);
        r.Line = Bytes(source, r.Line);
        var start = d.Metadata.Count;
        foreach (ref readonly var m in source.MetadataOf(record))
            d.Metadata.Add(new LabelRow { Name = Bytes(source, m.Name), Value = Bytes(source, m.Value) });
        r.Metadata = new RowRange(start, d.Metadata.Count - start);
        d.Records.Add(r);
    }

    private int MapStream(LogBatch source, int stream)
    {
        if (_streams.TryGetValue((source, stream), out var mapped)) return mapped;
        var start = Destination.StreamLabels.Count;
        foreach (ref readonly var l in source.LabelsOf(stream))
            Destination.StreamLabels.Add(new LabelRow { Name = Bytes(source, l.Name), Value = Bytes(source, l.Value) });
        // The source's labels are already canonical (sorted, unique): no need to canonicalize again.
        mapped = Destination.Streams.Add(new LogStreamRow { Labels = new RowRange(start, Destination.StreamLabels.Count - start) });
        _streams[(source, stream)] = mapped;
        return mapped;
    }

    private Utf8Ref Bytes(LogBatch source, Utf8Ref r) => r.IsEmpty ? default : Destination.Bytes.Append(source.Bytes.Get(r));
}
