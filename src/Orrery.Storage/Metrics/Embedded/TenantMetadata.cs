using System.Buffers;
using Orrery.Signals.Metrics;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// A tenant's metric metadata: per family, the distinct (type, help, unit) seen, newest last, at
/// most <see cref="MaxPerFamily"/> (as Prometheus lists several when targets disagree). Thread-safe.
/// </summary>
internal sealed class TenantMetadata
{
    /// <summary>Targets rarely disagree; 10 keeps a misbehaving sender from growing a family without bound.</summary>
    private const int MaxPerFamily = 10;

    private readonly Dictionary<string, List<MetricMetadata>> _byFamily = new(StringComparer.Ordinal);
    private readonly Lock _sync = new();

    /// <summary>Records metadata; false when it was already known (nothing to log).</summary>
    public bool Set(string family, MetricMetadata metadata)
    {
        lock (_sync)
        {
            if (!_byFamily.TryGetValue(family, out var list)) _byFamily[family] = list = new List<MetricMetadata>(1);
            var at = list.IndexOf(metadata);
            if (at == list.Count - 1 && at >= 0) return false;
            if (at >= 0) list.RemoveAt(at);
            else if (list.Count == MaxPerFamily) list.RemoveAt(0);
            list.Add(metadata);
            return true;
        }
    }

    /// <summary>
    /// True when exactly this metadata, UTF-8 as a batch holds it, is the family's newest, so a
    /// batch need not store or log it again. Senders repeat their metadata in every request
    /// (Prometheus once a minute per family, <c>orrery gen</c> in every request), so the check
    /// allocates nothing: decoding three strings per family per request was the ingest path's
    /// largest allocation.
    /// </summary>
    public bool IsCurrent(ReadOnlySpan<byte> family, MetricType type, ReadOnlySpan<byte> help, ReadOnlySpan<byte> unit)
    {
        char[]? rented = null;
        var chars = family.Length <= 256 ? stackalloc char[family.Length] : (rented = ArrayPool<char>.Shared.Rent(family.Length));
        try
        {
            var name = chars[..System.Text.Encoding.UTF8.GetChars(family, chars)];
            lock (_sync)
            {
                if (!_byFamily.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var list)) return false;
                var newest = list[^1];
                return newest.Type == type && Utf8Equals(newest.Help, help) && Utf8Equals(newest.Unit, unit);
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static bool Utf8Equals(string text, ReadOnlySpan<byte> utf8)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(text) != utf8.Length) return false;
        byte[]? rented = null;
        var encoded = utf8.Length <= 512 ? stackalloc byte[utf8.Length] : (rented = ArrayPool<byte>.Shared.Rent(utf8.Length));
        try
        {
            return encoded[..System.Text.Encoding.UTF8.GetBytes(text, encoded)].SequenceEqual(utf8);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public IReadOnlyDictionary<string, IReadOnlyList<MetricMetadata>> Get(string? family, int limit)
    {
        lock (_sync)
        {
            var result = new SortedDictionary<string, IReadOnlyList<MetricMetadata>>(StringComparer.Ordinal);
            foreach (var (name, list) in _byFamily)
            {
                if (family is not null && name != family) continue;
                result[name] = list.AsEnumerable().Reverse().ToArray();
            }
            return limit > 0 && result.Count > limit ? result.Take(limit).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal) : result;
        }
    }

    public List<KeyValuePair<string, MetricMetadata>> All()
    {
        lock (_sync) return _byFamily.SelectMany(p => p.Value.Select(m => KeyValuePair.Create(p.Key, m))).ToList();
    }
}
