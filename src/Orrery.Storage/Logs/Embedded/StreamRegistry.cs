using System.Text;
using Orrery.Signals;
using Orrery.Signals.Labels;

namespace Orrery.Storage.Logs.Embedded;

/// <summary>
/// A tenant's streams by label set, with the inverted index (label name → value → stream ids)
/// that answers a selector without visiting every stream. Ids are assigned in order, so each
/// postings list is sorted by construction and intersections are merges.
/// </summary>
internal sealed class StreamRegistry
{
    private readonly Lock _sync = new();
    private readonly List<LogStream> _streams = [];
    private readonly Dictionary<string, LogStream> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, List<int>>> _postings = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_sync) return _streams.Count;
        }
    }

    public LogStream this[int id]
    {
        get
        {
            lock (_sync) return _streams[id];
        }
    }

    /// <summary>The stream of canonical (sorted, unique) labels from a batch; allocates only for a new stream.</summary>
    public LogStream GetOrAdd(ByteArena bytes, ReadOnlySpan<LabelRow> labels)
    {
        var length = 0;
        foreach (var l in labels) length += 2 + Encoding.UTF8.GetMaxCharCount(l.Name.Length) + Encoding.UTF8.GetMaxCharCount(l.Value.Length);
        var buffer = length <= 1024 ? stackalloc char[length] : new char[length];
        var n = 0;
        foreach (var l in labels)
        {
            n += AppendKeyPart(bytes.Get(l.Name), buffer[n..]);
            n += AppendKeyPart(bytes.Get(l.Value), buffer[n..]);
        }
        var key = buffer[..n];
        lock (_sync)
        {
            if (_byKey.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var found)) return found;
        }
        var set = new Label[labels.Length];
        for (var i = 0; i < labels.Length; i++) set[i] = new Label(bytes.GetString(labels[i].Name), bytes.GetString(labels[i].Value));
        return Add(key.ToString(), LabelSet.FromSorted(set));
    }

    public LogStream GetOrAdd(LabelSet labels)
    {
        var key = new StringBuilder();
        foreach (var l in labels.AsSpan())
        {
            // Same key as the UTF-8 path: each part prefixed by its length in chars.
            key.Append((char)l.Name.Length).Append(l.Name).Append((char)l.Value.Length).Append(l.Value);
        }
        var k = key.ToString();
        lock (_sync)
        {
            if (_byKey.TryGetValue(k, out var found)) return found;
        }
        return Add(k, labels);
    }

    /// <summary>Streams whose labels satisfy every matcher (a missing label matches as "").</summary>
    public List<LogStream> Match(IReadOnlyList<LabelMatcher>? matchers)
    {
        var result = new List<LogStream>();
        lock (_sync)
        {
            List<int>? candidates = null;
            if (matchers is not null)
            {
                foreach (var m in matchers)
                {
                    // Matchers that accept "" also accept streams without the label: the postings
                    // cannot enumerate those, so they only filter the candidates below.
                    if (m.MatchesEmpty) continue;
                    var ids = Postings(m);
                    candidates = candidates is null ? ids : Intersect(candidates, ids);
                    if (candidates.Count == 0) return result;
                }
            }
            if (candidates is null)
            {
                foreach (var s in _streams)
                {
                    if (matchers is null || s.Labels.Matches(matchers)) result.Add(s);
                }
                return result;
            }
            foreach (var id in candidates)
            {
                var s = _streams[id];
                if (s.Labels.Matches(matchers!)) result.Add(s);
            }
            return result;
        }
    }

    private LogStream Add(string key, LabelSet labels)
    {
        lock (_sync)
        {
            if (_byKey.TryGetValue(key, out var found)) return found;
            var stream = new LogStream(_streams.Count, labels);
            _streams.Add(stream);
            _byKey.Add(key, stream);
            foreach (var l in labels.AsSpan())
            {
                if (!_postings.TryGetValue(l.Name, out var values)) _postings[l.Name] = values = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                if (!values.TryGetValue(l.Value, out var ids)) values[l.Value] = ids = [];
                ids.Add(stream.Id);
            }
            return stream;
        }
    }

    private List<int> Postings(LabelMatcher m)
    {
        if (!_postings.TryGetValue(m.Name, out var values)) return [];
        if (m.Type == Signals.Labels.MatchType.Equal) return values.TryGetValue(m.Value, out var ids) ? ids : [];
        var union = new List<int>();
        foreach (var (value, ids) in values)
        {
            if (m.Matches(value)) union.AddRange(ids);
        }
        // A stream has one value per name, so the lists are disjoint: sorting restores order.
        union.Sort();
        return union;
    }

    private static List<int> Intersect(List<int> a, List<int> b)
    {
        var result = new List<int>(Math.Min(a.Count, b.Count));
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            if (a[i] < b[j]) i++;
            else if (a[i] > b[j]) j++;
            else
            {
                result.Add(a[i]);
                i++;
                j++;
            }
        }
        return result;
    }

    private static int AppendKeyPart(ReadOnlySpan<byte> utf8, Span<char> destination)
    {
        var n = Encoding.UTF8.GetChars(utf8, destination[1..]);
        destination[0] = (char)n;
        return n + 1;
    }
}
