using Orrery.Signals.Labels;

namespace Orrery.Signals.Logs;

/// <summary>
/// A batch of log lines in Loki's model, the shape every logs stage shares (OTLP logs and Loki
/// push → pipeline → log store): streams as label sets, and records pointing at a stream by
/// index. Rows of unmanaged structs plus one byte arena, no object per line.
/// </summary>
/// <remarks>
/// A stream may appear more than once in a batch (the store finds it by its labels). Not
/// thread-safe: one writer, then readers.
/// </remarks>
public sealed class LogBatch
{
    private int _streamLabelsStart = -1;

    public ByteArena Bytes { get; } = new(16 * 1024);
    public RowList<LogStreamRow> Streams { get; } = new(8);
    public RowList<LabelRow> StreamLabels { get; } = new(32);
    public RowList<LogRecordRow> Records { get; } = new(256);
    /// <summary>Structured metadata of all records.</summary>
    public RowList<LabelRow> Metadata { get; } = new(1024);

    public int Count => Records.Count;

    public ReadOnlySpan<byte> Utf8(Utf8Ref r) => Bytes.Get(r);

    public string String(Utf8Ref r) => Bytes.GetString(r);

    public ReadOnlySpan<LabelRow> LabelsOf(int stream) => StreamLabels.AsSpan().Slice(Streams[stream].Labels.Start, Streams[stream].Labels.Count);

    public ReadOnlySpan<LabelRow> MetadataOf(int record) => Metadata.AsSpan().Slice(Records[record].Metadata.Start, Records[record].Metadata.Count);

    /// <summary>Starts a stream; add its labels in any order with <see cref="AddStreamLabel(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>, then call <see cref="EndStream"/>.</summary>
    public void BeginStream()
    {
        if (_streamLabelsStart >= 0) throw new InvalidOperationException("BeginStream called twice without EndStream");
        _streamLabelsStart = StreamLabels.Count;
    }

    public void AddStreamLabel(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
        StreamLabels.Add(new LabelRow { Name = Bytes.Append(name), Value = Bytes.Append(value) });

    public void AddStreamLabel(string name, string value) =>
        StreamLabels.Add(new LabelRow { Name = Bytes.Append(name), Value = Bytes.Append(value) });

    /// <summary>
    /// Canonicalizes the stream's labels (<see cref="LabelCanonicalizer.Canonicalize"/>) and adds the
    /// stream. Returns its index, or -1 when a label name occurs twice (named by <paramref name="duplicateName"/>).
    /// </summary>
    public int EndStream(out string? duplicateName)
    {
        if (_streamLabelsStart < 0) throw new InvalidOperationException("EndStream without BeginStream");
        var start = _streamLabelsStart;
        _streamLabelsStart = -1;
        var kept = LabelCanonicalizer.Canonicalize(Bytes, StreamLabels.AsSpan()[start..], out duplicateName);
        StreamLabels.Truncate(kept < 0 ? start : start + kept);
        if (kept < 0) return -1;
        return Streams.Add(new LogStreamRow { Labels = new RowRange(start, kept) });
    }

    public void AddMetadata(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
        Metadata.Add(new LabelRow { Name = Bytes.Append(name), Value = Bytes.Append(value) });

    public void AddMetadata(string name, string value) =>
        Metadata.Add(new LabelRow { Name = Bytes.Append(name), Value = Bytes.Append(value) });

    public void Clear()
    {
        _streamLabelsStart = -1;
        Bytes.Clear();
        Streams.Clear();
        StreamLabels.Clear();
        Records.Clear();
        Metadata.Clear();
    }
}
