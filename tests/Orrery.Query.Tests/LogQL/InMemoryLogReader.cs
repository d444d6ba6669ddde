using System.Text;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Storage.Logs;

namespace Orrery.Query.Tests.LogQL;

/// <summary>A test double for <see cref="ILogReader"/>: streams of lines in lists, selected by matchers and time.</summary>
public sealed class InMemoryLogReader : ILogReader
{
    private readonly List<(string Tenant, LabelSet Labels, List<(long Time, string Line, (string Name, string Value)[] Metadata)> Lines)> _streams = [];

    public List<LogSelectRequest> Requests { get; } = [];

    public InMemoryLogReader Add(LabelSet labels, long timeNs, string line, params (string Name, string Value)[] metadata) =>
        AddTo("default", labels, timeNs, line, metadata);

    public InMemoryLogReader AddTo(string tenant, LabelSet labels, long timeNs, string line, params (string Name, string Value)[] metadata)
    {
        var stream = _streams.FirstOrDefault(s => s.Tenant == tenant && s.Labels.Equals(labels));
        if (stream.Lines is null)
        {
            stream = (tenant, labels, []);
            _streams.Add(stream);
        }
        // Keep time order; appends in order (the common case) cost nothing extra.
        var at = stream.Lines.Count;
        while (at > 0 && stream.Lines[at - 1].Time > timeNs) at--;
        stream.Lines.Insert(at, (timeNs, line, metadata));
        return this;
    }

    public IEnumerable<LogStreamCursor> Select(string tenant, LogSelectRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        foreach (var (t, labels, lines) in _streams)
        {
            if (t != tenant || !labels.Matches(request.Matchers)) continue;
            var selected = lines.Where(l => request.Range.Contains(l.Time)).ToList();
            if (selected.Count == 0) continue;
            if (request.Direction == LogDirection.Backward) selected.Reverse();
            yield return new Cursor(labels, selected);
        }
    }

    public IReadOnlyList<string> LabelNames(string tenant, TimeRange range, IReadOnlyList<LabelMatcher>? matchers = null) =>
        Streams(tenant, range, matchers).SelectMany(s => s.AsSpan().ToArray().Select(l => l.Name)).Distinct().Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<string> LabelValues(string tenant, string name, TimeRange range, IReadOnlyList<LabelMatcher>? matchers = null) =>
        Streams(tenant, range, matchers).Where(s => s.Has(name)).Select(s => s.Get(name)).Distinct().Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<LabelSet> Series(string tenant, IReadOnlyList<IReadOnlyList<LabelMatcher>> matcherSets, TimeRange range) =>
        matcherSets.SelectMany(m => Streams(tenant, range, m)).Distinct().Order().ToList();

    public LogIndexStats IndexStats(string tenant, IReadOnlyList<LabelMatcher> matchers, TimeRange range)
    {
        var streams = _streams.Where(s => s.Tenant == tenant && s.Labels.Matches(matchers)).ToList();
        var lines = streams.SelectMany(s => s.Lines.Where(l => range.Contains(l.Time))).ToList();
        return new LogIndexStats(streams.Count(s => s.Lines.Any(l => range.Contains(l.Time))), streams.Count, lines.Count, lines.Sum(l => Encoding.UTF8.GetByteCount(l.Line)));
    }

    private IEnumerable<LabelSet> Streams(string tenant, TimeRange range, IReadOnlyList<LabelMatcher>? matchers) =>
        _streams.Where(s => s.Tenant == tenant && (matchers is null || s.Labels.Matches(matchers)) && s.Lines.Any(l => range.Contains(l.Time))).Select(s => s.Labels);

    private sealed class Cursor(LabelSet labels, List<(long Time, string Line, (string Name, string Value)[] Metadata)> lines) : LogStreamCursor(labels)
    {
        private int _index = -1;
        private byte[] _line = [];

        public override bool MoveNext()
        {
            if (++_index >= lines.Count) return false;
            _line = Encoding.UTF8.GetBytes(lines[_index].Line);
            return true;
        }

        public override long TimestampNs => lines[_index].Time;

        public override ReadOnlySpan<byte> Line => _line;

        public override int MetadataCount => lines[_index].Metadata.Length;

        public override ReadOnlySpan<byte> MetadataName(int index) => Encoding.UTF8.GetBytes(lines[_index].Metadata[index].Name);

        public override ReadOnlySpan<byte> MetadataValue(int index) => Encoding.UTF8.GetBytes(lines[_index].Metadata[index].Value);
    }
}
