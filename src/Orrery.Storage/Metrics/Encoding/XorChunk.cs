using System.Buffers.Binary;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Metrics.Encoding;

/// <summary>
/// A chunk of float samples: delta-of-delta timestamps and, per chunk, either Gorilla XOR values
/// or exact decimal mantissas (see <see cref="DecimalValue"/>), both behind adaptive Rice codes.
/// See FORMAT.md beside the block code for the bit layout.
/// </summary>
/// <remarks>
/// A chunk starts in decimal mode when its first value has an exact decimal form and stays
/// there while later values do, raising the exponent when a value needs more decimals. A value
/// with no decimal form re-encodes the chunk as XOR, except NaN, ±Inf and -0.0 (stale markers
/// above all), which a decimal chunk stores raw as exceptions (up to <see cref="MaxExceptions"/>).
/// Re-encoding decodes and re-appends at most the chunk's samples, at most a few times a chunk.
/// Single writer; <see cref="Iterator"/> may run beside appends (it sees the samples appended
/// before it was created).
/// </remarks>
public sealed class XorChunk
{
    /// <summary>The head cuts a new chunk after this many samples.</summary>
    public const int TargetSamples = 120;

    /// <summary>The count is a 16-bit header field.</summary>
    public const int MaxSamples = ushort.MaxValue;

    internal const int HeaderSize = 4;
    private const int MaxExceptions = 8;

    private readonly ValueMode _decimalMode;
    private readonly bool _allowDecimal;
    private readonly byte[]? _timeColumn;
    private BitWriter _bits;
    private ValueMode _mode;
    private int _exponent;
    private int _count;
    private long _minT;
    private long _maxT;
    private TimestampCodec _time;
    private XorValueCodec _xor;
    private long _prevMantissa;
    private long _prevMantissaDelta;
    private AdaptiveRice _valueRice;
    private int _exceptions;

    public XorChunk()
        : this(ValueMode.DecimalDod, allowDecimal: true)
    {
    }

    private XorChunk(ValueMode decimalMode, bool allowDecimal, byte[]? timeColumn = null)
    {
        _decimalMode = decimalMode;
        _allowDecimal = allowDecimal;
        _timeColumn = timeColumn;
        Reset(ValueMode.Xor, 0);
    }

    public int Count => _count;

    public long MinTimeMs => _count == 0 ? long.MaxValue : _minT;

    public long MaxTimeMs => _count == 0 ? long.MinValue : _maxT;

    /// <summary>
    /// Self-contained encoding; the first byte is <see cref="ChunkEncoding.Xor"/>. A view of the
    /// live buffer: valid until the next <see cref="Append"/> (copy it to keep it).
    /// </summary>
    public ReadOnlyMemory<byte> Bytes => _bits.Buffer.AsMemory(0, _bits.ByteLength);

    internal ValueMode Mode => _mode;

    /// <summary>Encodes samples in whichever value mode is smallest for them (what compaction writes).</summary>
    public static XorChunk Encode(ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values) => EncodeBest(timestampsMs, values, null);

    /// <summary>
    /// Encodes only the values, in their smallest mode, for a block whose index holds the
    /// timestamps as the shared <paramref name="timestampColumn"/> (<see cref="TimestampColumn.Encode"/>
    /// of <paramref name="timestampsMs"/>). <see cref="Bytes"/> is then a <see cref="ChunkEncoding.XorValues"/> chunk as stored.
    /// </summary>
    public static XorChunk EncodeValues(ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values, byte[] timestampColumn)
    {
        ArgumentNullException.ThrowIfNull(timestampColumn);
        return EncodeBest(timestampsMs, values, timestampColumn);
    }

    private static XorChunk EncodeBest(ReadOnlySpan<long> timestampsMs, ReadOnlySpan<double> values, byte[]? column)
    {
        if (timestampsMs.Length != values.Length) throw new ArgumentException("one value per timestamp", nameof(values));
        var best = Build(new XorChunk(ValueMode.DecimalDod, true, column), timestampsMs, values);
        if (best._mode == ValueMode.Xor) return best;
        var candidates = new List<XorChunk> { new(ValueMode.DecimalDelta, true, column) };
        if (NeverFalls(values)) candidates.Add(new XorChunk(ValueMode.DecimalRise, true, column));
        // Few decimals: XOR's 64-bit first value and mantissa-wide residuals never win.
        if (best._exponent > 3) candidates.Add(new XorChunk(ValueMode.Xor, false, column));
        foreach (var candidate in candidates)
        {
            Build(candidate, timestampsMs, values);
            if (candidate._bits.BitLength < best._bits.BitLength) best = candidate;
        }
        return best;
    }

    /// <summary>True when the values other than NaN, ±Inf and -0.0 (stored as exceptions) never decrease.</summary>
    private static bool NeverFalls(ReadOnlySpan<double> values)
    {
        var previous = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (DecimalValue.IsSpecial(v)) continue;
            if (v < previous) return false;
            previous = v;
        }
        return true;
    }

    private static XorChunk Build(XorChunk chunk, ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values)
    {
        for (var i = 0; i < timestamps.Length; i++) chunk.Append(timestamps[i], values[i]);
        return chunk;
    }

    /// <summary>Appends a sample; timestamps must increase strictly.</summary>
    public void Append(long timestampMs, double value)
    {
        if (_count == MaxSamples) throw new InvalidOperationException($"a chunk holds at most {MaxSamples} samples");
        if (_count > 0 && timestampMs - _maxT <= 0)
            throw new ArgumentOutOfRangeException(nameof(timestampMs), $"sample at {timestampMs} is not after the chunk's last at {_maxT}");
        if (_count == 0)
        {
            var exponent = _allowDecimal ? DecimalValue.FindExponent(value, 0) : -1;
            Reset(exponent >= 0 ? _decimalMode : ValueMode.Xor, Math.Max(0, exponent));
        }
        else if (_mode != ValueMode.Xor && !DecimalValue.TryEncode(value, _exponent, out _))
        {
            var exponent = DecimalValue.FindExponent(value, _exponent + 1);
            if (exponent >= 0)
            {
                if (!Reencode(_mode, exponent)) Reencode(ValueMode.Xor, 0);
            }
            else if (!DecimalValue.IsSpecial(value) || _exceptions >= MaxExceptions)
            {
                Reencode(ValueMode.Xor, 0);
            }
        }
        AppendEncoded(timestampMs, value);
    }

    public ISampleIterator Iterator() => _timeColumn is null
        ? new XorIterator(_bits.Buffer, 0, _bits.ByteLength, _count)
        : new XorIterator(_bits.Buffer, 0, _bits.ByteLength, _count, _timeColumn, 0, _timeColumn.Length, HeaderSize);

    private void Reset(ValueMode mode, int exponent)
    {
        _bits = new BitWriter(HeaderSize, _bits.Buffer is null ? 64 : _bits.Buffer.Length);
        _bits.Buffer[0] = (byte)(_timeColumn is null ? ChunkEncoding.Xor : ChunkEncoding.XorValues);
        _bits.Buffer[3] = (byte)((byte)mode | (exponent << 4));
        _mode = mode;
        _exponent = exponent;
        _count = 0;
        _time = TimestampCodec.Create();
        _xor = default;
        _valueRice = AdaptiveRice.Create();
        _prevMantissa = 0;
        _prevMantissaDelta = 0;
        _exceptions = 0;
    }

    /// <summary>Rewrites the samples so far in another mode; false (and nothing changed) when one does not fit it.</summary>
    private bool Reencode(ValueMode mode, int exponent)
    {
        var timestamps = new long[_count];
        var values = new double[_count];
        var it = Iterator();
        for (var i = 0; it.Next() == SampleKind.Float; i++)
        {
            timestamps[i] = it.TimestampMs;
            values[i] = it.Value;
        }
        if (mode != ValueMode.Xor)
        {
            for (var i = 0; i < values.Length; i++)
            {
                if (!DecimalValue.TryEncode(values[i], exponent, out _) && (i == 0 || !DecimalValue.IsSpecial(values[i]))) return false;
            }
        }
        Reset(mode, exponent);
        for (var i = 0; i < timestamps.Length; i++) AppendEncoded(timestamps[i], values[i]);
        return true;
    }

    private void AppendEncoded(long t, double v)
    {
        if (_timeColumn is null) _time.Write(ref _bits, _count, t);
        if (_mode == ValueMode.Xor) _xor.Write(ref _bits, _count == 0, v);
        else WriteDecimalValue(v);
        if (_count == 0) _minT = t;
        _maxT = t;
        _count++;
        BinaryPrimitives.WriteUInt16LittleEndian(_bits.Buffer.AsSpan(1, 2), (ushort)_count);
    }

    private void WriteDecimalValue(double v)
    {
        if (!DecimalValue.TryEncode(v, _exponent, out var mantissa))
        {
            AdaptiveRice.WriteException(ref _bits);
            _bits.WriteBits(BitConverter.DoubleToUInt64Bits(v), 64);
            _exceptions++;
            return;
        }
        if (_count == 0)
        {
            _bits.WriteVarBits(VarInt.ZigZag(mantissa));
        }
        else
        {
            var delta = mantissa - _prevMantissa;
            if (_mode == ValueMode.DecimalRise)
            {
                if (delta < 0) throw new InvalidOperationException("a rising-decimal chunk got a falling value");
                _valueRice.Write(ref _bits, (ulong)delta);
            }
            else
            {
                var residual = _mode == ValueMode.DecimalDod ? delta - _prevMantissaDelta : delta;
                _valueRice.Write(ref _bits, VarInt.ZigZag(residual));
            }
            _prevMantissaDelta = delta;
        }
        _prevMantissa = mantissa;
    }
}
