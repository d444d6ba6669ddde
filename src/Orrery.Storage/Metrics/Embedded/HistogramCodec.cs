using Orrery.Signals.Metrics;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// A native histogram as the WAL and the checkpoint store it: schema (zig-zag varint), zero
/// threshold, zero count, count and sum (raw f64 bits), reset hint (u8), then positive and
/// negative spans (count, then offset zig-zag + length varints) and buckets (count, then f64s).
/// </summary>
internal static class HistogramCodec
{
    public static void Write(ByteBuffer buffer, NativeHistogram h)
    {
        buffer.WriteVarInt(h.Schema);
        WriteDouble(buffer, h.ZeroThreshold);
        WriteDouble(buffer, h.ZeroCount);
        WriteDouble(buffer, h.Count);
        WriteDouble(buffer, h.Sum);
        buffer.WriteByte((byte)h.ResetHint);
        WriteBuckets(buffer, h.PositiveSpans, h.PositiveBuckets);
        WriteBuckets(buffer, h.NegativeSpans, h.NegativeBuckets);
    }

    public static NativeHistogram Read(ref ByteReader reader)
    {
        var h = new NativeHistogram
        {
            Schema = checked((int)reader.ReadVarInt()),
            ZeroThreshold = ReadDouble(ref reader),
            ZeroCount = ReadDouble(ref reader),
            Count = ReadDouble(ref reader),
            Sum = ReadDouble(ref reader),
            ResetHint = (CounterResetHint)reader.ReadByte(),
        };
        (h.PositiveSpans, h.PositiveBuckets) = ReadBuckets(ref reader);
        (h.NegativeSpans, h.NegativeBuckets) = ReadBuckets(ref reader);
        return h;
    }

    public static void WriteDouble(ByteBuffer buffer, double value) => buffer.WriteUInt64(BitConverter.DoubleToUInt64Bits(value));

    public static double ReadDouble(ref ByteReader reader) => BitConverter.UInt64BitsToDouble(reader.ReadUInt64());

    private static void WriteBuckets(ByteBuffer buffer, BucketSpanRow[] spans, double[] buckets)
    {
        buffer.WriteVarUInt((ulong)spans.Length);
        foreach (var s in spans)
        {
            buffer.WriteVarInt(s.Offset);
            buffer.WriteVarUInt(s.Length);
        }
        buffer.WriteVarUInt((ulong)buckets.Length);
        foreach (var b in buckets) WriteDouble(buffer, b);
    }

    private static (BucketSpanRow[] Spans, double[] Buckets) ReadBuckets(ref ByteReader reader)
    {
        var spanCount = reader.ReadCount();
        if (spanCount > reader.Remaining) throw new InvalidDataException("histogram span count out of range");
        var spans = new BucketSpanRow[spanCount];
        for (var i = 0; i < spanCount; i++)
        {
            spans[i].Offset = checked((int)reader.ReadVarInt());
            spans[i].Length = checked((uint)reader.ReadVarUInt());
        }
        var bucketCount = reader.ReadCount();
        if (bucketCount > reader.Remaining / 8) throw new InvalidDataException("histogram bucket count out of range");
        var buckets = new double[bucketCount];
        for (var i = 0; i < bucketCount; i++) buckets[i] = ReadDouble(ref reader);
        return (spans, buckets);
    }
}
