using System.Buffers.Binary;
using System.Runtime.InteropServices;
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

    // A new chunk's buffer: the header and a first sample (≤ 10 B of timestamp, ≤ 8 of value) fit.
    private const int InitialCapacity = 32;
    // The buffer grows by at least this, or an eighth of the expected (else current) length:
    // ~16 B a series empty on average against a quarter of the buffer with 1.5× steps.
    private const int MinGrowthStep = 32;

    // _options: bits 0–1 the decimal mode to start in, bit 2 decimal allowed, bits 3–6 exceptions so far.
    private const int AllowDecimalBit = 1 << 2;
    private const int ExceptionsShift = 3;

    // One of these per open head chunk, so the state is packed: 88 B with the object header,
    // where separate fields took 152 (bench/Orrery.HeadMemory breakdown). The sample count is
    // the header's (bytes 1–2), the mode and exponent byte is header byte 3's copy, the first
    // timestamp is decoded when asked for, the last is the timestamp codec's.
    private readonly byte[]? _timeColumn;
    private byte[] _buffer;
    private TimestampCodec _time;
    private ValueState _values;
    private int _bitLength;
    private ushort _growthStep;
    private byte _modeByte;
    private byte _options;

    public XorChunk()
        : this(ValueMode.DecimalDod, allowDecimal: true)
    {
    }

    /// <summary>
    /// A chunk expected to reach about <paramref name="expectedBytes"/> (e.g. the length of the
    /// series' previous chunk): its buffer then grows in steps of at least an eighth of that, so
    /// it holds few empty bytes without being copied more often than needed. Beyond the hint
    /// the steps stay an eighth of the length, as without one.
    /// </summary>
    public XorChunk(int expectedBytes)
        : this(ValueMode.DecimalDod, allowDecimal: true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedBytes);
        _growthStep = (ushort)Math.Min(ushort.MaxValue, Math.Max(MinGrowthStep, expectedBytes / 8));
    }

    private XorChunk(ValueMode decimalMode, bool allowDecimal, byte[]? timeColumn = null)
    {
        _options = (byte)((byte)decimalMode | (allowDecimal ? AllowDecimalBit : 0));
        _timeColumn = timeColumn;
        _buffer = [];
        Reset(ValueMode.Xor, 0);
    }

    private ValueMode DecimalMode => (ValueMode)(_options & 3);

    private bool AllowDecimal => (_options & AllowDecimalBit) != 0;

    private int Exceptions => _options >> ExceptionsShift;

    private ValueMode CurrentMode => (ValueMode)(_modeByte & 0x0F);

    private int Exponent => _modeByte >> 4;

    private int ByteLength => (_bitLength + 7) >> 3;

    public int Count => BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(1, 2));

    public long MinTimeMs => Count == 0 ? long.MaxValue : FirstTimestamp();

    public long MaxTimeMs => Count == 0 ? long.MinValue : _time.Previous;

    /// <summary>
    /// Self-contained encoding; the first byte is <see cref="ChunkEncoding.Xor"/>. A view of the
    /// live buffer: valid until the next <see cref="Append"/> (copy it to keep it).
    /// </summary>
    public ReadOnlyMemory<byte> Bytes => _buffer.AsMemory(0, ByteLength);

    internal ValueMode Mode => CurrentMode;

    /// <summary>Bytes the live buffer can hold before it grows (bench/Orrery.HeadMemory reads it).</summary>
    internal int BufferCapacity => _buffer.Length;

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
        if (best.CurrentMode == ValueMode.Xor) return best;
        var candidates = new List<XorChunk> { new(ValueMode.DecimalDelta, true, column) };
        if (NeverFalls(values)) candidates.Add(new XorChunk(ValueMode.DecimalRise, true, column));
        // Few decimals: XOR's 64-bit first value and mantissa-wide residuals never win.
        if (best.Exponent > 3) candidates.Add(new XorChunk(ValueMode.Xor, false, column));
        foreach (var candidate in candidates)
        {
            Build(candidate, timestampsMs, values);
            if (candidate._bitLength < best._bitLength) best = candidate;
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
        var count = Count;
        if (count == MaxSamples) throw new InvalidOperationException($"a chunk holds at most {MaxSamples} samples");
        if (count > 0 && timestampMs - _time.Previous <= 0)
            throw new ArgumentOutOfRangeException(nameof(timestampMs), $"sample at {timestampMs} is not after the chunk's last at {_time.Previous}");
        if (count == 0)
        {
            var exponent = AllowDecimal ? DecimalValue.FindExponent(value, 0) : -1;
            Reset(exponent >= 0 ? DecimalMode : ValueMode.Xor, Math.Max(0, exponent));
        }
        else if (CurrentMode != ValueMode.Xor && !DecimalValue.TryEncode(value, Exponent, out _))
        {
            var exponent = DecimalValue.FindExponent(value, Exponent + 1);
            if (exponent >= 0)
            {
                if (!Reencode(CurrentMode, exponent)) Reencode(ValueMode.Xor, 0);
            }
            else if (!DecimalValue.IsSpecial(value) || Exceptions >= MaxExceptions)
            {
                Reencode(ValueMode.Xor, 0);
            }
        }
        AppendEncoded(Count, timestampMs, value);
    }

    /// <summary>
    /// Empties the chunk for a new run of samples, keeping its buffer and the growth step its
    /// last run suggests, so a head series that cuts a chunk every 120 samples allocates nothing.
    /// A buffer more than twice what the last run used (one outsized run, e.g. values that fell
    /// back to XOR once) is replaced by one sized to that run, so it is not kept for ever.
    /// The caller must have copied the bytes it keeps and hold no iterator over them: the buffer
    /// is overwritten.
    /// </summary>
    public void Restart()
    {
        if (Count == 0) return;
        var length = ByteLength;
        var step = Math.Max(MinGrowthStep, length / 8);
        _growthStep = (ushort)Math.Min(ushort.MaxValue, step);
        if (_buffer.Length > (2 * length) + MinGrowthStep) _buffer = new byte[(length + step + 7) & ~7];
        else _buffer.AsSpan(0, length).Clear();
        Reset(ValueMode.Xor, 0);
    }

    public ISampleIterator Iterator() => _timeColumn is null
        ? new XorIterator(_buffer, 0, ByteLength, Count)
        : new XorIterator(_buffer, 0, ByteLength, Count, _timeColumn, 0, _timeColumn.Length, HeaderSize);

    private long FirstTimestamp()
    {
        var r = _timeColumn is null ? new BitReader(_buffer, 0, ByteLength, HeaderSize) : new BitReader(_timeColumn, 0, _timeColumn.Length, 0);
        return VarInt.UnZigZag(r.ReadVarBits());
    }

    private void Reset(ValueMode mode, int exponent)
    {
        // A new array when re-encoding (iterators may hold the old one); an empty chunk's is reused.
        if (_buffer.Length < InitialCapacity || Count > 0) _buffer = new byte[Math.Max(InitialCapacity, _buffer.Length)];
        _buffer[0] = (byte)(_timeColumn is null ? ChunkEncoding.Xor : ChunkEncoding.XorValues);
        _modeByte = _buffer[3] = (byte)((byte)mode | (exponent << 4));
        _bitLength = HeaderSize * 8;
        _options &= (1 << ExceptionsShift) - 1;
        _time = TimestampCodec.Create();
        _values = default;
        if (mode != ValueMode.Xor) _values.Decimal = DecimalValueCodec.Create();
    }

    /// <summary>Rewrites the samples so far in another mode; false (and nothing changed) when one does not fit it.</summary>
    private bool Reencode(ValueMode mode, int exponent)
    {
        var count = Count;
        var timestamps = new long[count];
        var values = new double[count];
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
        for (var i = 0; i < timestamps.Length; i++) AppendEncoded(i, timestamps[i], values[i]);
        return true;
    }

    private void AppendEncoded(int index, long t, double v)
    {
        var w = BitWriter.Resume(_buffer, _bitLength, GrowthStep());
        if (_timeColumn is null) _time.Write(ref w, index, t);
        else _time.Skip(t);
        if (CurrentMode == ValueMode.Xor)
        {
            _values.Xor.Write(ref w, index == 0, v);
        }
        else if (!_values.Decimal.TryWrite(ref w, CurrentMode, Exponent, index == 0, v))
        {
            DecimalValueCodec.WriteException(ref w, v);
            _options += 1 << ExceptionsShift;
        }
        // Only when it grew: storing a reference in a heap object costs a GC write barrier.
        if (!ReferenceEquals(w.Buffer, _buffer)) _buffer = w.Buffer;
        _bitLength = (int)w.BitLength;
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(1, 2), (ushort)(index + 1));
    }

    /// <summary>How much the buffer grows if this append fills it: see <see cref="MinGrowthStep"/>.</summary>
    private int GrowthStep() => Math.Max(Math.Max(MinGrowthStep, (int)_growthStep), ByteLength >> 3);

    /// <summary>The two value codecs in one place: a chunk uses one at a time (re-encoding resets it).</summary>
    [StructLayout(LayoutKind.Explicit)]
    private struct ValueState
    {
        [FieldOffset(0)]
        public XorValueCodec Xor;

        [FieldOffset(0)]
        public DecimalValueCodec Decimal;
    }
}
