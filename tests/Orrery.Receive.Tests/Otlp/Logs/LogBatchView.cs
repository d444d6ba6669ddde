using Orrery.Signals.Logs;

namespace Orrery.Receive.Tests.Otlp.Logs;

/// <summary>A log line as tests compare it: strings instead of arena slices.</summary>
internal sealed record LogLine(
    long TimestampNs,
    string Line,
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    IReadOnlyList<KeyValuePair<string, string>> Metadata,
    LogRecordRow Row)
{
    public string Label(string name) => Labels.Single(l => l.Key == name).Value;

    public string? Meta(string name) => Metadata.Where(m => m.Key == name).Select(m => m.Value).SingleOrDefault();

    public string LabelString => "{" + string.Join(", ", Labels.Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";
}

internal static class LogBatchView
{
    public static IReadOnlyList<LogLine> Lines(LogBatch batch)
    {
        var lines = new List<LogLine>();
        for (var i = 0; i < batch.Records.Count; i++)
        {
            var row = batch.Records[i];
            var labels = batch.LabelsOf(row.Stream).ToArray().Select(l => KeyValuePair.Create(batch.String(l.Name), batch.String(l.Value))).ToList();
            var metadata = batch.MetadataOf(i).ToArray().Select(l => KeyValuePair.Create(batch.String(l.Name), batch.String(l.Value))).ToList();
            lines.Add(new LogLine(row.TimestampNs, batch.String(row.Line), labels, metadata, row));
        }
        return lines;
    }
}
