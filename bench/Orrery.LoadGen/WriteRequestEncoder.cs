using System.Buffers.Binary;

namespace Orrery.LoadGen;

/// <summary>
/// Encodes one remote write 1.0 <c>WriteRequest</c> by hand: one <c>TimeSeries</c> with one
/// sample per series, labels copied from their pre-encoded bytes. Keeps the generator's share of
/// the 2 cores small; <see cref="RemoteWriteLoad"/> checks the output once against Google.Protobuf.
/// </summary>
internal static class WriteRequestEncoder
{
    // Sample { double value = 1; int64 timestamp = 2; }: tag + 8 bytes + tag + varint.
    private const int MaxSampleBytes = 1 + 8 + 1 + 10;

    public static int MaxLength(SyntheticSeries series, int batchSize) =>
        batchSize * (series.MaxEncodedLabels + MaxSampleBytes + 2 * 5 + 2);

    /// <summary>Writes series [first, first+count) at the round's time; returns the bytes written.</summary>
    public static int Encode(SyntheticSeries series, int first, int count, long roundStartMs, Span<byte> destination)
    {
        var at = 0;
        for (var s = first; s < first + count; s++)
        {
            var labels = series.EncodedLabels(s);
            var timestamp = (ulong)series.TimestampMs(s, roundStartMs);
            var sampleLength = 1 + 8 + 1 + ProtoWire.VarintLength(timestamp);
            var seriesLength = labels.Length + 1 + ProtoWire.VarintLength((ulong)sampleLength) + sampleLength;

            destination[at++] = 0x0A; // WriteRequest.timeseries = 1
            at += ProtoWire.WriteVarint(destination[at..], (ulong)seriesLength);
            labels.CopyTo(destination[at..]);
            at += labels.Length;
            destination[at++] = 0x12; // TimeSeries.samples = 2
            at += ProtoWire.WriteVarint(destination[at..], (ulong)sampleLength);
            destination[at++] = 0x09; // Sample.value = 1, fixed64
            BinaryPrimitives.WriteDoubleLittleEndian(destination[at..], series.Values[s]);
            at += 8;
            destination[at++] = 0x10; // Sample.timestamp = 2, varint
            at += ProtoWire.WriteVarint(destination[at..], timestamp);
        }
        return at;
    }
}
