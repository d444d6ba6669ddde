using System.Buffers.Binary;
using Orrery.Signals.Metrics;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Metrics.Encoding;

/// <summary>Decodes an <see cref="XorChunk"/> sample by sample, mirroring its encoder's state.</summary>
internal sealed class XorIterator : ISampleIterator
{
    private readonly int _count;
    private readonly ValueMode _mode;
    private readonly int _exponent;
    private BitReader _reader;
    private int _index = -1;
    private long _t;
    private TimestampCodec _time = TimestampCodec.Create();
    private XorValueCodec _xor;
    private double _value;
    private long _mantissa;
    private long _mantissaDelta;
    private AdaptiveRice _valueRice = AdaptiveRice.Create();

    /// <param name="count">Samples to read: the header's, or fewer for a snapshot of a chunk still being appended to.</param>
    public XorIterator(byte[] buffer, int start, int length, int count)
    {
        if (length < XorChunk.HeaderSize || buffer[start] != (byte)ChunkEncoding.Xor) throw new InvalidDataException("not a float chunk");
        var stored = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(start + 1, 2));
        if (count > stored) throw new InvalidDataException("chunk holds fewer samples than asked for");
        _count = count;
        var mode = buffer[start + 3];
        _mode = (ValueMode)(mode & 0x0F);
        _exponent = mode >> 4;
        if (_mode > ValueMode.DecimalDelta || _exponent > DecimalValue.MaxExponent) throw new InvalidDataException($"unknown float chunk mode {mode}");
        _reader = new BitReader(buffer, start, length, XorChunk.HeaderSize);
    }

    public long TimestampMs => _t;

    public double Value => _value;

    public SampleKind Next()
    {
        if (_index + 1 >= _count)
        {
            _index = _count;
            return SampleKind.None;
        }
        _index++;
        _t = _time.Read(ref _reader, _index);
        if (_mode == ValueMode.Xor) _value = _xor.Read(ref _reader, _index == 0);
        else ReadDecimalValue();
        return SampleKind.Float;
    }

    public SampleKind Seek(long timestampMs)
    {
        if (_index >= _count) return SampleKind.None;
        if (_index >= 0 && _t >= timestampMs) return SampleKind.Float;
        while (Next() == SampleKind.Float)
        {
            if (_t >= timestampMs) return SampleKind.Float;
        }
        return SampleKind.None;
    }

    public NativeHistogram Histogram(NativeHistogram? into = null) =>
        throw new InvalidOperationException("a float chunk has no histogram samples");

    private void ReadDecimalValue()
    {
        if (_index == 0)
        {
            _mantissa = VarInt.UnZigZag(_reader.ReadVarBits());
        }
        else if (_valueRice.TryRead(ref _reader, out var u))
        {
            var residual = VarInt.UnZigZag(u);
            var delta = _mode == ValueMode.DecimalDod ? _mantissaDelta + residual : residual;
            _mantissa += delta;
            _mantissaDelta = delta;
        }
        else
        {
            _value = BitConverter.UInt64BitsToDouble(_reader.ReadBits(64));
            return;
        }
        _value = DecimalValue.Decode(_mantissa, _exponent);
    }
}
