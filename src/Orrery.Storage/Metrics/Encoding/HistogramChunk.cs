using System.Buffers.Binary;
using Orrery.Signals.Metrics;

namespace Orrery.Storage.Metrics.Encoding;

/// <summary>
/// A chunk of native histogram samples (layout in <see cref="HistogramCodec"/>). Counts are
/// coded as integers while every count of every sample is one (the usual case: observations
/// are counted), else the chunk is re-encoded with XOR-coded float counts.
/// Single writer; <see cref="Iterator"/> may run beside appends.
/// </summary>
public sealed class HistogramChunk
{
    internal const int HeaderSize = 4;

    private BitWriter _bits;
    private HistogramCodec _codec = null!;
    private bool _floatCounts;
    private int _count;
    private long _minT;
    private long _maxT;

    public HistogramChunk() => Reset(floatCounts: false);

    public int Count => _count;

    public long MinTimeMs => _count == 0 ? long.MaxValue : _minT;

    public long MaxTimeMs => _count == 0 ? long.MinValue : _maxT;

    /// <summary>Self-contained encoding; a view of the live buffer, valid until the next append.</summary>
    public ReadOnlyMemory<byte> Bytes => _bits.Buffer.AsMemory(0, _bits.ByteLength);

    internal bool FloatCounts => _floatCounts;

    public void Append(long timestampMs, NativeHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (_count == XorChunk.MaxSamples) throw new InvalidOperationException($"a chunk holds at most {XorChunk.MaxSamples} samples");
        if (_count > 0 && timestampMs - _maxT <= 0)
            throw new ArgumentOutOfRangeException(nameof(timestampMs), $"sample at {timestampMs} is not after the chunk's last at {_maxT}");
        if (SpanTotal(histogram.PositiveSpans) != histogram.PositiveBuckets.Length || SpanTotal(histogram.NegativeSpans) != histogram.NegativeBuckets.Length)
            throw new ArgumentException("the spans do not cover exactly the buckets given", nameof(histogram));
        if (!_floatCounts && !HistogramCodec.HasIntegerCounts(histogram))
        {
            if (_count == 0) Reset(floatCounts: true);
            else Reencode();
        }
        _codec.Write(ref _bits, _count, timestampMs, histogram);
        if (_count == 0) _minT = timestampMs;
        _maxT = timestampMs;
        _count++;
        BinaryPrimitives.WriteUInt16LittleEndian(_bits.Buffer.AsSpan(1, 2), (ushort)_count);
    }

    public ISampleIterator Iterator() => new HistogramIterator(_bits.Buffer, 0, _bits.ByteLength, _count);

    private static long SpanTotal(BucketSpanRow[] spans)
    {
        long total = 0;
        foreach (var s in spans) total += s.Length;
        return total;
    }

    private void Reset(bool floatCounts)
    {
        _bits = new BitWriter(HeaderSize, 256);
        _bits.Buffer[0] = (byte)ChunkEncoding.Histogram;
        _bits.Buffer[3] = floatCounts ? (byte)1 : (byte)0;
        _codec = new HistogramCodec(floatCounts);
        _floatCounts = floatCounts;
        _count = 0;
    }

    private void Reencode()
    {
        var samples = new List<(long, NativeHistogram)>(_count);
        var it = Iterator();
        while (it.Next() == SampleKind.Histogram) samples.Add((it.TimestampMs, it.Histogram()));
        Reset(floatCounts: true);
        foreach (var (t, h) in samples)
        {
            _codec.Write(ref _bits, _count, t, h);
            _count++;
        }
        BinaryPrimitives.WriteUInt16LittleEndian(_bits.Buffer.AsSpan(1, 2), (ushort)_count);
    }
}
