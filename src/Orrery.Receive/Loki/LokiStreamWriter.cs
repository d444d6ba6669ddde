using Orrery.Receive.Otlp.Logs;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Signals.Logs;

namespace Orrery.Receive.Loki;

/// <summary>
/// What the JSON and protobuf push readers share: turning a stream's labels into a batch
/// stream (or a rejection of the whole stream, as Loki does for invalid labels), adding entries
/// and counting what was dropped.
/// </summary>
internal sealed class LokiStreamWriter(LogBatch batch)
{
    /// <summary>How many reasons the error message lists; the count covers the rest.</summary>
    private const int MaxReasons = 3;

    /// <summary>
    /// Loki 3's default <c>discover_service_name</c>: the labels, in order, whose value becomes
    /// <c>service_name</c> when a pushed stream has none (else <c>unknown_service</c>).
    /// </summary>
    private static readonly byte[][] ServiceNameSources =
    [
        .. new[]
        {
            "service", "app", "application", "app_name", "name", "app_kubernetes_io_name", "container",
            "container_name", "k8s_container_name", "component", "workload", "job", "k8s_job_name",
        }.Select(System.Text.Encoding.ASCII.GetBytes),
    ];

    private readonly RowList<LabelRow> _labels = new(16);
    private readonly List<string> _reasons = [];
    // Per batch, each level name is appended to the arena once.
    private readonly Utf8Ref[] _levelValues = new Utf8Ref[DetectedLevel.All.Length];
    private Utf8Ref _detectedLevelName;
    private int _rejectedLines;

    public LogBatch Batch => batch;

    /// <summary>Scratch labels of the stream being read, in the batch's arena.</summary>
    public RowList<LabelRow> Labels => _labels;

    /// <summary>The batch's stream for the labels gathered in <see cref="Labels"/>, or -1 (with the reason recorded) when they are invalid.</summary>
    public int EndLabels(int streamIndex, string? parseError)
    {
        if (parseError is not null) return Reject(streamIndex, parseError);
        if (_labels.Count == 0) return Reject(streamIndex, "at least one label pair is required per stream");
        batch.BeginStream();
        batch.StreamLabels.AddRange(_labels.AsSpan());
        AddServiceName();
        _labels.Clear();
        var stream = batch.EndStream(out var duplicate);
        if (stream < 0) return Reject(streamIndex, $"duplicate label name '{duplicate}'");
        if (batch.Streams[stream].Labels.Count == 0)
        {
            batch.Streams.Truncate(stream);
            return Reject(streamIndex, "at least one label pair with a non-empty value is required per stream");
        }
        return stream;
    }

    /// <summary>Counts the lines of a rejected stream.</summary>
    public void RejectLines(int lines) => _rejectedLines += lines;

    public void AddEntry(int stream, long timestampNs, Utf8Ref line, int metadataStart)
    {
        AddDetectedLevel(stream, line, metadataStart);
        batch.Records.Add(new LogRecordRow
        {
            Stream = stream,
            TimestampNs = timestampNs,
            Line = line,
            Metadata = new RowRange(metadataStart, batch.Metadata.Count - metadataStart),
        });
    }

    /// <summary>
    /// Loki 3's <c>discover_log_levels</c>: unless the entry brings its own <c>detected_level</c>,
    /// one is added from a level in the entry's structured metadata or the stream's labels, else
    /// from the line (<see cref="LineLevelDetector"/>), else <c>unknown</c>.
    /// </summary>
    private void AddDetectedLevel(int stream, Utf8Ref line, int metadataStart)
    {
        var bytes = batch.Bytes;
        var level = DetectedLevel.UnknownIndex;
        foreach (var m in batch.Metadata.AsSpan()[metadataStart..])
        {
            var name = bytes.Get(m.Name);
            if (name.SequenceEqual("detected_level"u8)) return;
            if (level == DetectedLevel.UnknownIndex && IsLevelName(name)) level = DetectedLevel.FromText(bytes.Get(m.Value));
        }
        if (level == DetectedLevel.UnknownIndex)
        {
            foreach (var label in batch.LabelsOf(stream))
            {
                if (IsLevelName(bytes.Get(label.Name))) level = DetectedLevel.FromText(bytes.Get(label.Value));
                if (level != DetectedLevel.UnknownIndex) break;
            }
        }
        if (level == DetectedLevel.UnknownIndex) level = LineLevelDetector.Detect(bytes.Get(line));
        if (_detectedLevelName.IsEmpty) _detectedLevelName = bytes.Append("detected_level"u8);
        ref var value = ref _levelValues[level];
        if (value.IsEmpty) value = bytes.Append(DetectedLevel.All[level]);
        batch.Metadata.Add(new LabelRow { Name = _detectedLevelName, Value = value });
    }

    private static bool IsLevelName(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("level"u8) || name.SequenceEqual("lvl"u8) || name.SequenceEqual("severity"u8) || name.SequenceEqual("severity_text"u8);

    public LokiPushDecodeResult Result(int firstRecord)
    {
        var accepted = batch.Records.Count - firstRecord;
        if (_reasons.Count == 0 && _rejectedLines == 0) return new LokiPushDecodeResult(accepted, 0, null);
        var message = string.Join("; ", _reasons.Take(MaxReasons));
        if (_reasons.Count > MaxReasons) message += $" (and {_reasons.Count - MaxReasons} more streams)";
        return new LokiPushDecodeResult(accepted, _rejectedLines, message);
    }

    private void AddServiceName()
    {
        var labels = _labels.AsSpan();
        var bytes = batch.Bytes;
        var source = -1;
        var sourceRank = int.MaxValue;
        for (var i = 0; i < labels.Length; i++)
        {
            var name = bytes.Get(labels[i].Name);
            if (name.SequenceEqual("service_name"u8)) return;
            if (labels[i].Value.IsEmpty) continue;
            for (var rank = 0; rank < ServiceNameSources.Length && rank < sourceRank; rank++)
            {
                if (!name.SequenceEqual(ServiceNameSources[rank])) continue;
                source = i;
                sourceRank = rank;
            }
        }
        var value = source >= 0 ? labels[source].Value : bytes.Append("unknown_service"u8);
        batch.StreamLabels.Add(new LabelRow { Name = bytes.Append("service_name"u8), Value = value });
    }

    private int Reject(int streamIndex, string reason)
    {
        _labels.Clear();
        _reasons.Add($"stream {streamIndex}: {reason}");
        return -1;
    }
}
