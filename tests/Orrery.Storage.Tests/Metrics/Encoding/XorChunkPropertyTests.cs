using FsCheck;
using FsCheck.Fluent;
using Orrery.Storage.Metrics;
using Orrery.Storage.Metrics.Encoding;

namespace Orrery.Storage.Tests.Metrics.Encoding;

public class XorChunkPropertyTests
{
    /// <summary>Any doubles (bit patterns included) at any strictly increasing timestamps decode bit for bit, through both the head path and compaction's Encode.</summary>
    [Fact]
    public void AnySamplesRoundTripBitExact() =>
        Prop.ForAll<ulong[], long[], bool>((rawValues, gaps, decimals) =>
        {
            var n = Math.Min(rawValues.Length, gaps.Length);
            var timestamps = new long[n];
            var values = new double[n];
            // The first gap doubles as the start, so negative and huge first timestamps come up too.
            var t = gaps.Length > 0 ? gaps[0] / 4 : 0;
            for (var i = 0; i < n; i++)
            {
                timestamps[i] = t;
                // Half the runs use values with a short decimal form, the mode most edge cases live in.
                values[i] = decimals ? Math.Round((long)rawValues[i] / 1e12, (int)(rawValues[i] % 4)) : BitConverter.UInt64BitsToDouble(rawValues[i]);
                t += 1 + Math.Abs(gaps[i] % 1_000_000_000);
            }
            var chunk = new XorChunk();
            for (var i = 0; i < n; i++) chunk.Append(timestamps[i], values[i]);
            var column = TimestampColumn.Encode(timestamps);
            var valuesOnly = XorChunk.EncodeValues(timestamps, values, column);
            return Same(chunk.Iterator(), timestamps, values) && Same(Chunks.Iterate(XorChunk.Encode(timestamps, values).Bytes.ToArray()), timestamps, values)
                && Same(Chunks.Iterate(Chunks.JoinTimestamps(valuesOnly.Bytes.Span, column)), timestamps, values);
        }).QuickCheckThrowOnFailure();

    /// <summary>
    /// Never-falling values (counters, with stale markers and other specials mixed in) through the
    /// block path: a shared timestamp column and values alone, the rising mode among the candidates.
    /// </summary>
    [Fact]
    public void RisingValuesRoundTripThroughASharedColumn() =>
        Prop.ForAll<uint[], ulong[], int>((steps, specials, exponent) =>
        {
            var n = steps.Length;
            var timestamps = new long[n];
            var values = new double[n];
            var e = Math.Abs(exponent % 6);
            long mantissa = 0;
            for (var i = 0; i < n; i++)
            {
                timestamps[i] = -5_000 + i * 15_000L + (steps[i] % 7);
                mantissa += steps[i] % 1_000_000;
                var special = i < specials.Length && specials[i] % 9 == 0;
                values[i] = special ? BitConverter.UInt64BitsToDouble(specials[i] | 0x7FF0_0000_0000_0001) : Math.Round(mantissa / Math.Pow(10, e), e);
            }
            var column = TimestampColumn.Encode(timestamps);
            var stored = XorChunk.EncodeValues(timestamps, values, column);
            return Same(Chunks.Iterate(Chunks.JoinTimestamps(stored.Bytes.Span, column)), timestamps, values);
        }).QuickCheckThrowOnFailure();

    private static bool Same(ISampleIterator it, long[] timestamps, double[] values)
    {
        for (var i = 0; i < timestamps.Length; i++)
        {
            if (it.Next() != SampleKind.Float || it.TimestampMs != timestamps[i]
                || BitConverter.DoubleToUInt64Bits(it.Value) != BitConverter.DoubleToUInt64Bits(values[i])) return false;
        }
        return it.Next() == SampleKind.None;
    }
}
