using System.Text;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Scrape;

/// <summary>
/// A final series label set encoded once as UTF-8, so each scrape copies one blob into the
/// batch and adds label rows pointing into it instead of encoding every label again.
/// </summary>
internal sealed class EncodedSeries
{
    private readonly byte[] _blob;
    // Per label: name offset, name length, value offset, value length (in _blob).
    private readonly int[] _offsets;

    public EncodedSeries(LabelSet labels)
    {
        Labels = labels;
        var size = 0;
        foreach (var label in labels.AsSpan()) size += Encoding.UTF8.GetByteCount(label.Name) + Encoding.UTF8.GetByteCount(label.Value);
        _blob = new byte[size];
        _offsets = new int[labels.Count * 4];
        var at = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var n = Encoding.UTF8.GetBytes(labels[i].Name, _blob.AsSpan(at));
            _offsets[i * 4] = at;
            _offsets[i * 4 + 1] = n;
            at += n;
            var v = Encoding.UTF8.GetBytes(labels[i].Value, _blob.AsSpan(at));
            _offsets[i * 4 + 2] = at;
            _offsets[i * 4 + 3] = v;
            at += v;
        }
    }

    public LabelSet Labels { get; }

    /// <summary>Adds the series to <paramref name="batch"/> (labels already sorted and unique) and returns its index.</summary>
    public int AddTo(MetricBatch batch)
    {
        var origin = batch.Bytes.Append(_blob).Offset;
        var start = batch.Labels.Count;
        for (var i = 0; i < _offsets.Length; i += 4)
        {
            batch.AddLabel(new Utf8Ref(origin + _offsets[i], _offsets[i + 1]), new Utf8Ref(origin + _offsets[i + 2], _offsets[i + 3]));
        }
        return batch.Series.Add(new SeriesRow { Labels = new RowRange(start, _offsets.Length / 4) });
    }
}
