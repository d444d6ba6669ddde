using System.Globalization;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Signals.Logs;
using Orrery.Storage.Logs.Blocks;

namespace Orrery.Storage.Logs.Embedded;

/// <summary>
/// Decides, line by line, what of a batch the store keeps: streams with too many labels, no
/// labels or an invalid label name, lines longer than the limit, and lines older than their
/// stream's out-of-order window are refused; the rest is kept. Also makes the trace id of
/// each line available both ways (row field for the trace index, <c>trace_id</c> metadata for
/// LogQL and blocks), since receivers may fill only one.
/// </summary>
internal static class LogBatchValidator
{
    /// <summary>How many distinct reasons the error message names; the count covers all.</summary>
    private const int ReasonsShown = 3;

    public static LogWriteResult Validate(LogBatch batch, StreamRegistry registry, LogStorageOptions options, LogStream?[] streams, bool[] accepted)
    {
        var streamRows = batch.Streams.AsSpan();
        var streamProblems = new string?[streamRows.Length];
        var newest = new long[streamRows.Length];
        for (var s = 0; s < streamRows.Length; s++)
        {
            var labels = batch.LabelsOf(s);
            streamProblems[s] = StreamProblem(batch, labels, options.MaxLabelsPerStream);
            streams[s] = streamProblems[s] is null ? registry.GetOrAdd(batch.Bytes, labels) : null;
            newest[s] = streams[s]?.MaxTimestamp ?? long.MinValue;
        }

        var window = options.OutOfOrderWindow.Ticks * 100;
        var rejected = 0;
        List<(string Reason, int Stream)>? reasons = null;
        var count = batch.Records.Count;
        for (var r = 0; r < count; r++)
        {
            ref var record = ref batch.Records[r];
            var s = record.Stream;
            string? problem = streamProblems[s];
            if (problem is null && record.Line.Length > options.MaxLineBytes)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"line too long ({record.Line.Length} > {options.MaxLineBytes} bytes)");
            }
            if (problem is null && newest[s] != long.MinValue && record.TimestampNs < newest[s] - window)
            {
                problem = string.Create(CultureInfo.InvariantCulture,
                    $"entry out of order beyond the {options.OutOfOrderWindow} window (timestamp {Format(record.TimestampNs)}, stream's newest {Format(newest[s])})");
            }
            accepted[r] = problem is null;
            if (problem is null)
            {
                newest[s] = Math.Max(newest[s], record.TimestampNs);
                LinkTraceId(batch, r);
                continue;
            }
            rejected++;
            reasons ??= [];
            if (reasons.Count <= ReasonsShown && !reasons.Exists(x => x.Stream == s && SameKind(x.Reason, problem))) reasons.Add((problem, s));
        }
        if (rejected == 0) return new LogWriteResult(count, 0, null);
        reasons ??= [];
        var shown = reasons.Take(ReasonsShown).Select(x => $"{x.Reason} in stream {LabelsText(batch, x.Stream)}");
        var message = $"{rejected} {(rejected == 1 ? "line" : "lines")} rejected: {string.Join("; ", shown)}{(reasons.Count > ReasonsShown ? "; and more" : "")}";
        return new LogWriteResult(count - rejected, rejected, message);
    }

    private static string? StreamProblem(LogBatch batch, ReadOnlySpan<LabelRow> labels, int maxLabels)
    {
        if (labels.Length == 0) return "stream has no labels (at least one is required)";
        if (labels.Length > maxLabels) return string.Create(CultureInfo.InvariantCulture, $"too many labels ({labels.Length} > {maxLabels})");
        foreach (var l in labels)
        {
            var name = batch.Utf8(l.Name);
            if (!IsValidLabelName(name)) return $"invalid label name \"{batch.String(l.Name)}\"";
        }
        return null;
    }

    /// <summary>Prometheus's label name rule, which Loki applies too: <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    public static bool IsValidLabelName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty) return false;
        for (var i = 0; i < name.Length; i++)
        {
            var c = (char)name[i];
            var ok = char.IsAsciiLetter(c) || c == '_' || (i > 0 && char.IsAsciiDigit(c));
            if (!ok) return false;
        }
        return true;
    }

    private static void LinkTraceId(LogBatch batch, int r)
    {
        ref var record = ref batch.Records[r];
        var metadata = batch.MetadataOf(r);
        var hasMetadata = false;
        foreach (var m in metadata)
        {
            if (!batch.Utf8(m.Name).SequenceEqual(ChunkFormat.TraceIdName)) continue;
            hasMetadata = true;
            if (record.TraceId.IsEmpty && TraceId.TryParseExactHex(batch.Utf8(m.Value), out var id)) record.TraceId = id;
            break;
        }
        if (hasMetadata || record.TraceId.IsEmpty) return;
        // Metadata is a contiguous range: move this line's rows to the end and add trace_id there.
        var start = batch.Metadata.Count;
        var rows = metadata.ToArray();
        batch.Metadata.AddRange(rows);
        batch.AddMetadata(ChunkFormat.TraceIdName, System.Text.Encoding.ASCII.GetBytes(record.TraceId.ToHex()));
        batch.Records[r].Metadata = new RowRange(start, rows.Length + 1);
    }

    private static bool SameKind(string a, string b) => a.AsSpan(0, Math.Min(12, a.Length)).SequenceEqual(b.AsSpan(0, Math.Min(12, b.Length)));

    private static string LabelsText(LogBatch batch, int stream)
    {
        var labels = batch.LabelsOf(stream);
        var set = new Label[labels.Length];
        for (var i = 0; i < labels.Length; i++) set[i] = new Label(batch.String(labels[i].Name), batch.String(labels[i].Value));
        return LabelSet.From(set).ToString();
    }

    private static string Format(long ns) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ns / 1_000_000).AddTicks(ns % 1_000_000 / 100).ToString("O", CultureInfo.InvariantCulture);
}
