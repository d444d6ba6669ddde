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
    private BitReader _timeReader;
    private readonly bool _sharedTime;
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
        : this(buffer, start, length, count, ChunkEncoding.Xor)
    {
        _reader = new BitReader(buffer, start, length, XorChunk.HeaderSize);
    }

    /// <summary>A <see cref="ChunkEncoding.XorValues"/> chunk: value bits from <paramref name="valuesSkip"/> bytes into the chunk, timestamps from the column.</summary>
    public XorIterator(byte[] buffer, int start, int length, int count, byte[] column, int columnStart, int columnLength, int valuesSkip)
        : this(buffer, start, length, count, ChunkEncoding.XorValues)
    {
        _sharedTime = true;
        _timeReader = new BitReader(column, columnStart, columnLength, 0);
        _reader = new BitReader(buffer, start, length, valuesSkip);
    }

    private XorIterator(byte[] buffer, int start, int length, int count, ChunkEncoding encoding)
    {
        if (length < XorChunk.HeaderSize || buffer[start] != (byte)encoding) throw new InvalidDataException("not a float chunk");
        var stored = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(start + 1, 2));
        if (count > stored) throw new InvalidDataException("chunk holds fewer samples than asked for");
        _count = count;
        var mode = buffer[start + 3];
        _mode = (ValueMode)(mode & 0x0F);
        _exponent = mode >> 4;
        if (_mode > ValueMode.DecimalRise || _exponent > DecimalValue.MaxExponent) throw new InvalidDataException($"unknown float chunk mode {mode}");
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
        _t = _sharedTime ? _time.Read(ref _timeReader, _index) : _time.Read(ref _reader, _index);
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
            var delta = _mode switch
            {
                ValueMode.DecimalDod => _mantissaDelta + VarInt.UnZigZag(u),
                ValueMode.DecimalRise => (long)u,
                _ => VarInt.UnZigZag(u),
            };
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
