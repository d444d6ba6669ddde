using Orrery.Receive.Otlp.Metrics;
using Orrery.Signals;
using Orrery.Signals.Metrics;
using Orrery.Signals.Protobuf;
using F = Orrery.Receive.RemoteWrite.RemoteWriteFieldNumbers;

namespace Orrery.Receive.RemoteWrite;

public static partial class RemoteWriteReader
{
    private sealed partial class Decoder
    {
        // message Histogram {
        //   oneof count { uint64 count_int = 1; double count_float = 2; }
        //   double sum = 3;
        //   sint32 schema = 4;
        //   double zero_threshold = 5;
        //   oneof zero_count { uint64 zero_count_int = 6; double zero_count_float = 7; }
        //   repeated BucketSpan negative_spans = 8;
        //   repeated sint64 negative_deltas = 9;    (integer histograms: delta to the previous bucket)
        //   repeated double negative_counts = 10;   (float histograms: absolute)
        //   repeated BucketSpan positive_spans = 11;
        //   repeated sint64 positive_deltas = 12;
        //   repeated double positive_counts = 13;
        //   ResetHint reset_hint = 14;
        //   int64 timestamp = 15;
        //   repeated double custom_values = 16;     (not part of remote write 1.0: rejected)
        // }
        // The negative and positive sides are read in passes of their own, so each side's spans
        // and counts are contiguous in the batch whatever the order of fields on the wire.
        private void ReadHistogram(ref ProtoReader reader, int series)
        {
            var row = new HistogramRow { Series = series };
            var mark = (Spans: _batch.BucketSpans.Count, Counts: _batch.BucketCounts.Count);
            var customValues = false;
            var body = reader;
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.Histogram.CountInt << 3 | Varint:
                        row.Count = reader.ReadVarint64();
                        break;
                    case F.Histogram.CountFloat << 3 | I64:
                        row.Count = reader.ReadDouble();
                        break;
                    case F.Histogram.Sum << 3 | I64:
                        row.Sum = reader.ReadDouble();
                        break;
                    case F.Histogram.Schema << 3 | Varint:
                        var schema = (uint)reader.ReadVarint64();
                        row.Schema = (int)(schema >> 1) ^ -(int)(schema & 1);
                        break;
                    case F.Histogram.ZeroThreshold << 3 | I64:
                        row.ZeroThreshold = reader.ReadDouble();
                        break;
                    case F.Histogram.ZeroCountInt << 3 | Varint:
                        row.ZeroCount = reader.ReadVarint64();
                        break;
                    case F.Histogram.ZeroCountFloat << 3 | I64:
                        row.ZeroCount = reader.ReadDouble();
                        break;
                    case F.Histogram.ResetHint << 3 | Varint:
                        var hint = reader.ReadVarint64();
                        row.ResetHint = hint <= (ulong)CounterResetHint.Gauge ? (CounterResetHint)hint : CounterResetHint.Unknown;
                        break;
                    case F.Histogram.Timestamp << 3 | Varint:
                        row.TimestampMs = (long)reader.ReadVarint64();
                        break;
                    case F.Histogram.CustomValues << 3 | Len:
                    case F.Histogram.CustomValues << 3 | I64:
                        customValues = true;
                        reader.SkipField(tag);
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
                }
            }
            var negative = body;
            var negativeOk = ReadSide(ref negative, F.Histogram.NegativeSpans, F.Histogram.NegativeDeltas, F.Histogram.NegativeCounts, out row.NegativeSpans, out row.NegativeBuckets);
            var positive = body;
            var positiveOk = ReadSide(ref positive, F.Histogram.PositiveSpans, F.Histogram.PositiveDeltas, F.Histogram.PositiveCounts, out row.PositiveSpans, out row.PositiveBuckets);

            string? invalid = null;
            if (customValues) invalid = "native histograms with custom buckets are not part of remote write 1.0";
            else if (row.Schema is < NativeHistogramBuckets.MinSchema or > NativeHistogramBuckets.MaxSchema) invalid = $"histogram schema {row.Schema} is outside {NativeHistogramBuckets.MinSchema}..{NativeHistogramBuckets.MaxSchema}";
            else if (!negativeOk || !positiveOk) invalid = "histogram spans do not cover its bucket counts";
            if (invalid is not null)
            {
                _batch.BucketSpans.Truncate(mark.Spans);
                _batch.BucketCounts.Truncate(mark.Counts);
                Reject(1, invalid);
                return;
            }
            _batch.Histograms.Add(in row);
        }

        /// <summary>
        /// Reads one side's spans and counts (integer deltas made absolute, or float counts).
        /// False when the span lengths do not add up to the number of counts.
        /// </summary>
        private bool ReadSide(ref ProtoReader reader, int spansField, int deltasField, int countsField, out RowRange spans, out RowRange buckets)
        {
            var spanStart = _batch.BucketSpans.Count;
            var countStart = _batch.BucketCounts.Count;
            long covered = 0;
            long running = 0;
            while (reader.TryReadTag(out var tag))
            {
                var field = (int)(tag >> 3);
                var wire = (int)(tag & 7);
                if (field == spansField && wire == Len)
                {
                    var span = reader.ReadMessage();
                    var row = new BucketSpanRow();
                    while (span.TryReadTag(out var spanTag))
                    {
                        if (spanTag == (F.BucketSpan.Offset << 3 | Varint))
                        {
                            var raw = (uint)span.ReadVarint64();
                            row.Offset = (int)(raw >> 1) ^ -(int)(raw & 1);
                        }
                        else if (spanTag == (F.BucketSpan.Length << 3 | Varint))
                        {
                            row.Length = span.ReadVarint32();
                        }
                        else
                        {
                            span.SkipField(spanTag);
                        }
                    }
                    covered += row.Length;
                    _batch.BucketSpans.Add(in row);
                }
                else if (field == deltasField && wire == Len)
                {
                    var packed = reader.ReadMessage();
                    while (!packed.IsAtEnd) AddDelta(ZigZag64(packed.ReadVarint64()), ref running);
                }
                else if (field == deltasField && wire == Varint)
                {
                    AddDelta(ZigZag64(reader.ReadVarint64()), ref running);
                }
                else if (field == countsField && wire == Len)
                {
                    var packed = reader.ReadMessage();
                    while (!packed.IsAtEnd) _batch.BucketCounts.Add(packed.ReadDouble());
                }
                else if (field == countsField && wire == I64)
                {
                    _batch.BucketCounts.Add(reader.ReadDouble());
                }
                else
                {
                    reader.SkipField(tag);
                }
            }
            spans = new RowRange(spanStart, _batch.BucketSpans.Count - spanStart);
            buckets = new RowRange(countStart, _batch.BucketCounts.Count - countStart);
            return covered == buckets.Count;
        }

        private void AddDelta(long delta, ref long running)
        {
            running += delta;
            _batch.BucketCounts.Add(running);
        }

        private static long ZigZag64(ulong raw) => (long)(raw >> 1) ^ -(long)(raw & 1);
    }
}
