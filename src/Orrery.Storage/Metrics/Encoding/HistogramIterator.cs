using System.Buffers.Binary;
using Orrery.Signals.Metrics;

namespace Orrery.Storage.Metrics.Encoding;

/// <summary>Decodes a <see cref="HistogramChunk"/> sample by sample.</summary>
internal sealed class HistogramIterator : ISampleIterator
{
    private readonly int _count;
    private readonly HistogramCodec _codec;
    private BitReader _reader;
    private int _index = -1;
    private long _t;

    public HistogramIterator(byte[] buffer, int start, int length, int count)
    {
        if (length < HistogramChunk.HeaderSize || buffer[start] != (byte)ChunkEncoding.Histogram) throw new InvalidDataException("not a histogram chunk");
        if (count > BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(start + 1, 2))) throw new InvalidDataException("chunk holds fewer samples than asked for");
        var mode = buffer[start + 3];
        if (mode > 1) throw new InvalidDataException($"unknown histogram chunk mode {mode}");
        _count = count;
        _codec = new HistogramCodec(floatCounts: mode == 1);
        _reader = new BitReader(buffer, start, length, HistogramChunk.HeaderSize);
    }

    public long TimestampMs => _t;

    public double Value => throw new InvalidOperationException("a histogram chunk has no float samples");

    public SampleKind Next()
    {
        if (_index + 1 >= _count)
        {
            _index = _count;
            return SampleKind.None;
        }
        _index++;
        _t = _codec.Read(ref _reader, _index);
        return SampleKind.Histogram;
    }

    public SampleKind Seek(long timestampMs)
    {
        if (_index >= _count) return SampleKind.None;
        if (_index >= 0 && _t >= timestampMs) return SampleKind.Histogram;
        while (Next() == SampleKind.Histogram)
        {
            if (_t >= timestampMs) return SampleKind.Histogram;
        }
        return SampleKind.None;
    }

    public NativeHistogram Histogram(NativeHistogram? into = null)
    {
        if (_index < 0 || _index >= _count) throw new InvalidOperationException("the iterator is not on a sample");
        var h = into ?? new NativeHistogram();
        h.Schema = _codec.Schema;
        h.ZeroThreshold = _codec.ZeroThreshold;
        h.ZeroCount = _codec.ZeroCountValue;
        h.Count = _codec.CountValue;
        h.Sum = _codec.SumValue;
        h.ResetHint = _codec.ResetHint;
        h.PositiveSpans = CopyInto(h.PositiveSpans, _codec.PositiveSpans);
        h.NegativeSpans = CopyInto(h.NegativeSpans, _codec.NegativeSpans);
        var positive = _codec.PositiveBucketCount;
        h.PositiveBuckets = CopyInto(h.PositiveBuckets, _codec.Buckets.AsSpan(0, positive));
        h.NegativeBuckets = CopyInto(h.NegativeBuckets, _codec.Buckets.AsSpan(positive));
        return h;
    }

    /// <summary>Reuses the caller's array when it has the right length: no allocation per sample.</summary>
    private static T[] CopyInto<T>(T[] target, ReadOnlySpan<T> source)
    {
        if (target.Length != source.Length) target = new T[source.Length];
        source.CopyTo(target);
        return target;
    }
}
