using System.Text;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Signals.Logs;
using Orrery.Storage.Logs;
using MatchType = Orrery.Signals.Labels.MatchType;

namespace Orrery.Storage.Tests.Logs;

/// <summary>One line as tests write and read it.</summary>
public sealed record TestLine(string Stream, long Ts, string Line, TraceId Trace = default, params (string Name, string Value)[] Metadata);

/// <summary>Builds batches from <c>{a="1", b="2"}</c>-style stream texts and reads cursors back.</summary>
public static class LogBatches
{
    public static LogBatch Of(params TestLine[] lines)
    {
        var batch = new LogBatch();
        var streams = new Dictionary<string, int>();
        foreach (var l in lines)
        {
            if (!streams.TryGetValue(l.Stream, out var s))
            {
                batch.BeginStream();
                foreach (var (name, value) in Parse(l.Stream)) batch.AddStreamLabel(name, value);
                streams[l.Stream] = s = batch.EndStream(out _);
            }
            var start = batch.Metadata.Count;
            foreach (var (name, value) in l.Metadata) batch.AddMetadata(name, value);
            batch.Records.Add(new LogRecordRow
            {
                Stream = s,
                TimestampNs = l.Ts,
                Line = batch.Bytes.Append(l.Line),
                Metadata = new RowRange(start, l.Metadata.Length),
                TraceId = l.Trace,
            });
        }
        return batch;
    }

    /// <summary>Parses <c>a=1,b=2</c> (no quoting: test label values have no commas).</summary>
    public static IEnumerable<(string, string)> Parse(string stream) =>
        stream.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).Select(p => (p[0], p[1]));

    public static LabelSet Labels(string stream) => LabelSet.From(Parse(stream).ToArray());

    /// <summary>Reads every cursor to the end: (labels, ts, line, metadata) in cursor order, streams sorted by labels.</summary>
    public static List<(LabelSet Labels, long Ts, string Line, Dictionary<string, string> Metadata)> ReadAll(IEnumerable<LogStreamCursor> cursors)
    {
        var result = new List<(LabelSet, long, string, Dictionary<string, string>)>();
        foreach (var c in cursors.OrderBy(c => c.Labels))
        {
            using (c)
            {
                while (c.MoveNext())
                {
                    var meta = new Dictionary<string, string>();
                    for (var i = 0; i < c.MetadataCount; i++) meta[Encoding.UTF8.GetString(c.MetadataName(i))] = Encoding.UTF8.GetString(c.MetadataValue(i));
                    result.Add((c.Labels, c.TimestampNs, Encoding.UTF8.GetString(c.Line), meta));
                }
            }
        }
        return result;
    }

    public static LogSelectRequest Request(string selector, LogDirection direction = LogDirection.Forward, TimeRange? range = null) =>
        new(Matchers(selector), range ?? TimeRange.All, direction);

    /// <summary>Parses <c>a=1,b!=2,c=~x.*,d!~y</c> into matchers.</summary>
    public static IReadOnlyList<LabelMatcher> Matchers(string selector)
    {
        var list = new List<LabelMatcher>();
        foreach (var part in selector.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var (op, type) in new[] { ("!~", MatchType.NotRegex), ("=~", MatchType.Regex), ("!=", MatchType.NotEqual), ("=", MatchType.Equal) })
            {
                var i = part.IndexOf(op, StringComparison.Ordinal);
                if (i < 0) continue;
                list.Add(new LabelMatcher(type, part[..i], part[(i + op.Length)..]));
                break;
            }
        }
        return list;
    }
}
