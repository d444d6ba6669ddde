using System.Text;
using Orrery.Signals.Metrics;

namespace Orrery.Signals.Otlp;

/// <summary>
/// The metadata of a <see cref="MetricBatch"/> by family name, to find a series' type and help
/// from its <c>__name__</c> (the family name, or it plus a <c>_total</c>, <c>_bucket</c>,
/// <c>_sum</c>, <c>_count</c>, <c>_created</c> or <c>_info</c> suffix). One dictionary per batch;
/// lookups decode the name into a stack buffer, so there is no allocation per series.
/// </summary>
internal sealed class MetricFamilyTypes
{
    private static readonly string[] Suffixes = ["_total", "_bucket", "_sum", "_count", "_created", "_info"];
    private readonly Dictionary<string, int> _rows;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly MetricBatch _batch;

    public MetricFamilyTypes(MetricBatch batch)
    {
        _batch = batch;
        _rows = new Dictionary<string, int>(batch.Metadata.Count, StringComparer.Ordinal);
        for (var i = 0; i < batch.Metadata.Count; i++) _rows.TryAdd(batch.String(batch.Metadata[i].MetricFamily), i);
        _lookup = _rows.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The metadata row of the family <paramref name="metricName"/> belongs to, or -1.</summary>
    public int Find(ReadOnlySpan<byte> metricName)
    {
        if (_rows.Count == 0 || metricName.IsEmpty) return -1;
        Span<char> buffer = metricName.Length <= 256 ? stackalloc char[256] : new char[metricName.Length];
        var name = buffer[..Encoding.UTF8.GetChars(metricName, buffer)];
        if (_lookup.TryGetValue(name, out var row)) return row;
        foreach (var suffix in Suffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && _lookup.TryGetValue(name[..^suffix.Length], out row)) return row;
        }
        return -1;
    }

    public ref readonly MetadataRow this[int row] => ref _batch.Metadata[row];
}
