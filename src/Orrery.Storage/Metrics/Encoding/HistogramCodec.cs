using Orrery.Signals.Metrics;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Metrics.Encoding;

/// <summary>
/// The state a native histogram chunk's encoder and decoder share, and the code of one sample:
/// <code>
/// timestamp (TimestampCodec) | reset hint: 2 bits | layout changed: 1 bit
///   [layout: schema zigzag varbits, zero threshold 64 bits, positive spans, negative spans;
///    spans = count varbits, then per span zigzag(offset) varbits, length varbits]
/// integer counts: zero count, count: Rice delta-of-delta each (one Rice state);
///                 every bucket: Rice delta-of-delta against the same bucket's history (another)
/// float counts:   zero count, count, every bucket: XOR against its own history
/// sum: XOR
/// </code>
/// A bucket's history is kept by its absolute index, so when the layout changes (a new bucket
/// appears) the others still predict from their own past.
/// </summary>
internal sealed class HistogramCodec
{
    private readonly bool _floatCounts;
    private TimestampCodec _time = TimestampCodec.Create();
    private XorValueCodec _sum;
    private XorValueCodec _zeroCountXor;
    private XorValueCodec _countXor;
    private AdaptiveRice _countRice = AdaptiveRice.Create();
    private AdaptiveRice _bucketRice = AdaptiveRice.Create();
    private long _zeroCount;
    private long _zeroCountDelta;
    private long _count;
    private long _countDelta;
    private long[] _keys = [];
    private long[] _previous = [];
    private long[] _previousDelta = [];
    private XorValueCodec[] _bucketXor = [];

    public HistogramCodec(bool floatCounts) => _floatCounts = floatCounts;

    public int Schema { get; private set; }

    public double ZeroThreshold { get; private set; }

    public BucketSpanRow[] PositiveSpans { get; private set; } = [];

    public BucketSpanRow[] NegativeSpans { get; private set; } = [];

    /// <summary>The decoded sample's counts: positive buckets, then negative ones.</summary>
    public double[] Buckets { get; private set; } = [];

    public double ZeroCountValue { get; private set; }

    public double CountValue { get; private set; }

    public double SumValue { get; private set; }

    public CounterResetHint ResetHint { get; private set; }

    public int PositiveBucketCount { get; private set; }

    /// <summary>True when every count of <paramref name="h"/> is an integer an integer-count chunk can hold.</summary>
    public static bool HasIntegerCounts(NativeHistogram h)
    {
        if (!DecimalValue.TryEncode(h.ZeroCount, 0, out _) || !DecimalValue.TryEncode(h.Count, 0, out _)) return false;
        foreach (var b in h.PositiveBuckets) if (!DecimalValue.TryEncode(b, 0, out _)) return false;
        foreach (var b in h.NegativeBuckets) if (!DecimalValue.TryEncode(b, 0, out _)) return false;
        return true;
    }

    public void Write(ref BitWriter w, int index, long t, NativeHistogram h)
    {
        _time.Write(ref w, index, t);
        w.WriteBits((ulong)h.ResetHint & 3, 2);
        var changed = index == 0 || h.Schema != Schema
            || BitConverter.DoubleToUInt64Bits(h.ZeroThreshold) != BitConverter.DoubleToUInt64Bits(ZeroThreshold)
            || !h.PositiveSpans.AsSpan().SequenceEqual(PositiveSpans) || !h.NegativeSpans.AsSpan().SequenceEqual(NegativeSpans);
        w.WriteBit(changed);
        if (changed)
        {
            w.WriteVarBits(VarInt.ZigZag(h.Schema));
            w.WriteBits(BitConverter.DoubleToUInt64Bits(h.ZeroThreshold), 64);
            WriteSpans(ref w, h.PositiveSpans);
            WriteSpans(ref w, h.NegativeSpans);
            SetLayout(h.Schema, h.ZeroThreshold, (BucketSpanRow[])h.PositiveSpans.Clone(), (BucketSpanRow[])h.NegativeSpans.Clone());
        }
        var first = index == 0;
        if (_floatCounts)
        {
            _zeroCountXor.Write(ref w, first, h.ZeroCount);
            _countXor.Write(ref w, first, h.Count);
            for (var i = 0; i < _keys.Length; i++) _bucketXor[i].Write(ref w, first, BucketAt(h, i));
        }
        else
        {
            WriteInteger(ref w, ref _countRice, ref _zeroCount, ref _zeroCountDelta, h.ZeroCount);
            WriteInteger(ref w, ref _countRice, ref _count, ref _countDelta, h.Count);
            for (var i = 0; i < _keys.Length; i++) WriteInteger(ref w, ref _bucketRice, ref _previous[i], ref _previousDelta[i], BucketAt(h, i));
        }
        _sum.Write(ref w, first, h.Sum);
    }

    public long Read(ref BitReader r, int index)
    {
        var t = _time.Read(ref r, index);
        ResetHint = (CounterResetHint)r.ReadBits(2);
        var changed = r.ReadBit();
        if (index == 0 && !changed) throw new InvalidDataException("first histogram sample has no layout");
        if (changed)
        {
            var schema = VarInt.UnZigZag(r.ReadVarBits());
            if (schema is < int.MinValue or > int.MaxValue) throw new InvalidDataException("bad histogram schema");
            var zeroThreshold = BitConverter.UInt64BitsToDouble(r.ReadBits(64));
            var positive = ReadSpans(ref r);
            var negative = ReadSpans(ref r);
            SetLayout((int)schema, zeroThreshold, positive, negative);
            Buckets = new double[_keys.Length];
        }
        var first = index == 0;
        if (_floatCounts)
        {
            ZeroCountValue = _zeroCountXor.Read(ref r, first);
            CountValue = _countXor.Read(ref r, first);
            for (var i = 0; i < _keys.Length; i++) Buckets[i] = _bucketXor[i].Read(ref r, first);
        }
        else
        {
            ZeroCountValue = ReadInteger(ref r, ref _countRice, ref _zeroCount, ref _zeroCountDelta);
            CountValue = ReadInteger(ref r, ref _countRice, ref _count, ref _countDelta);
            for (var i = 0; i < _keys.Length; i++) Buckets[i] = ReadInteger(ref r, ref _bucketRice, ref _previous[i], ref _previousDelta[i]);
        }
        SumValue = _sum.Read(ref r, first);
        return t;
    }

    private double BucketAt(NativeHistogram h, int i) =>
        i < PositiveBucketCount ? h.PositiveBuckets[i] : h.NegativeBuckets[i - PositiveBucketCount];

    private static void WriteInteger(ref BitWriter w, ref AdaptiveRice rice, ref long previous, ref long previousDelta, double value)
    {
        DecimalValue.TryEncode(value, 0, out var m);
        var delta = m - previous;
        rice.Write(ref w, VarInt.ZigZag(delta - previousDelta));
        previousDelta = delta;
        previous = m;
    }

    private static double ReadInteger(ref BitReader r, ref AdaptiveRice rice, ref long previous, ref long previousDelta)
    {
        if (!rice.TryRead(ref r, out var u)) throw new InvalidDataException("exception code in a histogram count");
        previousDelta += VarInt.UnZigZag(u);
        previous += previousDelta;
        return previous;
    }

    private static void WriteSpans(ref BitWriter w, BucketSpanRow[] spans)
    {
        w.WriteVarBits((ulong)spans.Length);
        foreach (var s in spans)
        {
            w.WriteVarBits(VarInt.ZigZag(s.Offset));
            w.WriteVarBits(s.Length);
        }
    }

    private static BucketSpanRow[] ReadSpans(ref BitReader r)
    {
        var n = r.ReadVarBits();
        // A span costs at least 16 bits, so a count beyond what the chunk could hold is corruption.
        if (n > 1 << 20) throw new InvalidDataException("bad histogram span count");
        var spans = new BucketSpanRow[n];
        for (var i = 0; i < spans.Length; i++)
        {
            var offset = VarInt.UnZigZag(r.ReadVarBits());
            var length = r.ReadVarBits();
            if (offset is < int.MinValue or > int.MaxValue || length > 1 << 20) throw new InvalidDataException("bad histogram span");
            spans[i] = new BucketSpanRow { Offset = (int)offset, Length = (uint)length };
        }
        return spans;
    }

    private void SetLayout(int schema, double zeroThreshold, BucketSpanRow[] positive, BucketSpanRow[] negative)
    {
        Schema = schema;
        ZeroThreshold = zeroThreshold;
        PositiveSpans = positive;
        NegativeSpans = negative;
        var keys = new List<long>();
        AddKeys(keys, positive, 0);
        PositiveBucketCount = keys.Count;
        AddKeys(keys, negative, 1);
        var byKey = new Dictionary<long, int>(_keys.Length);
        for (var i = 0; i < _keys.Length; i++) byKey[_keys[i]] = i;
        var previous = new long[keys.Count];
        var previousDelta = new long[keys.Count];
        var xor = new XorValueCodec[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            if (!byKey.TryGetValue(keys[i], out var old)) continue;
            previous[i] = _previous[old];
            previousDelta[i] = _previousDelta[old];
            xor[i] = _bucketXor[old];
        }
        _keys = [.. keys];
        _previous = previous;
        _previousDelta = previousDelta;
        _bucketXor = xor;
    }

    /// <summary>Absolute bucket indexes (2·index + sign) of the buckets the spans cover.</summary>
    private static void AddKeys(List<long> keys, BucketSpanRow[] spans, int sign)
    {
        long index = 0;
        foreach (var span in spans)
        {
            index += span.Offset;
            for (var j = 0u; j < span.Length; j++) keys.Add(2 * index++ + sign);
        }
    }
}
