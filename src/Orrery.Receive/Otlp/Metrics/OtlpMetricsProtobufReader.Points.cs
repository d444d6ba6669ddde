using Orrery.Receive.Otlp.Common;
using Orrery.Signals;
using Orrery.Signals.Protobuf;
using F = Orrery.Signals.Protobuf.OtlpMetricsFieldNumbers;

namespace Orrery.Receive.Otlp.Metrics;

public static partial class OtlpMetricsProtobufReader
{
    private sealed partial class Decoder
    {
        // message NumberDataPoint {
        //   repeated KeyValue attributes = 7;
        //   fixed64 start_time_unix_nano = 2;
        //   fixed64 time_unix_nano = 3;
        //   oneof value { double as_double = 4; sfixed64 as_int = 6; }
        //   repeated Exemplar exemplars = 5;
        //   uint32 flags = 8;
        // }
        private void ReadNumberPoint(ref ProtoReader reader)
        {
            var point = new OtlpPointRow();
            var attributeStart = _data.PointAttributes.Count;
            var exemplarStart = _data.Exemplars.Count;
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.NumberDataPoint.Attributes << 3 | Len:
                        var keyValue = reader.ReadMessage();
                        OtlpCommonProtobuf.ReadKeyValue(ref keyValue, _bytes, _data.PointAttributes);
                        break;
                    case F.NumberDataPoint.StartTimeUnixNano << 3 | I64:
                        point.StartTimeUnixNano = (long)reader.ReadFixed64();
                        break;
                    case F.NumberDataPoint.TimeUnixNano << 3 | I64:
                        point.TimeUnixNano = (long)reader.ReadFixed64();
                        break;
                    case F.NumberDataPoint.AsDouble << 3 | I64:
                        point.Value = reader.ReadDouble();
                        break;
                    case F.NumberDataPoint.AsInt << 3 | I64:
                        point.Value = (long)reader.ReadFixed64();
                        break;
                    case F.NumberDataPoint.Exemplars << 3 | Len:
                        var exemplar = reader.ReadMessage();
                        ReadExemplar(ref exemplar);
                        break;
                    case F.NumberDataPoint.Flags << 3 | Varint:
                        point.Flags = reader.ReadVarint32();
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
                }
            }
            AddPoint(ref point, attributeStart, exemplarStart);
        }

        // message HistogramDataPoint {
        //   repeated KeyValue attributes = 9;
        //   fixed64 start_time_unix_nano = 2;
        //   fixed64 time_unix_nano = 3;
        //   fixed64 count = 4;
        //   optional double sum = 5;
        //   repeated fixed64 bucket_counts = 6;
        //   repeated double explicit_bounds = 7;
        //   repeated Exemplar exemplars = 8;
        //   uint32 flags = 10;
        //   optional double min = 11;   (not used by Prometheus)
        //   optional double max = 12;   (not used by Prometheus)
        // }
        private void ReadHistogramPoint(ref ProtoReader reader)
        {
            var point = new OtlpPointRow();
            var attributeStart = _data.PointAttributes.Count;
            var exemplarStart = _data.Exemplars.Count;
            var boundStart = _data.Bounds.Count;
            var countStart = _data.BucketCounts.Count;
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.HistogramDataPoint.Attributes << 3 | Len:
                        var keyValue = reader.ReadMessage();
                        OtlpCommonProtobuf.ReadKeyValue(ref keyValue, _bytes, _data.PointAttributes);
                        break;
                    case F.HistogramDataPoint.StartTimeUnixNano << 3 | I64:
                        point.StartTimeUnixNano = (long)reader.ReadFixed64();
                        break;
                    case F.HistogramDataPoint.TimeUnixNano << 3 | I64:
                        point.TimeUnixNano = (long)reader.ReadFixed64();
                        break;
                    case F.HistogramDataPoint.Count << 3 | I64:
                        point.Count = reader.ReadFixed64();
                        break;
                    case F.HistogramDataPoint.Sum << 3 | I64:
                        point.Sum = reader.ReadDouble();
                        point.HasSum = true;
                        break;
                    case F.HistogramDataPoint.BucketCounts << 3 | Len:
                        ReadPackedFixed64(ref reader, _data.BucketCounts);
                        break;
                    case F.HistogramDataPoint.BucketCounts << 3 | I64:
                        _data.BucketCounts.Add(reader.ReadFixed64());
                        break;
                    case F.HistogramDataPoint.ExplicitBounds << 3 | Len:
                        ReadPackedDouble(ref reader, _data.Bounds);
                        break;
                    case F.HistogramDataPoint.ExplicitBounds << 3 | I64:
                        _data.Bounds.Add(reader.ReadDouble());
                        break;
                    case F.HistogramDataPoint.Exemplars << 3 | Len:
                        var exemplar = reader.ReadMessage();
                        ReadExemplar(ref exemplar);
                        break;
                    case F.HistogramDataPoint.Flags << 3 | Varint:
                        point.Flags = reader.ReadVarint32();
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
                }
            }
            point.ExplicitBounds = new RowRange(boundStart, _data.Bounds.Count - boundStart);
            point.BucketCounts = new RowRange(countStart, _data.BucketCounts.Count - countStart);
            AddPoint(ref point, attributeStart, exemplarStart);
        }

        // message ExponentialHistogramDataPoint {
        //   repeated KeyValue attributes = 1;
        //   fixed64 start_time_unix_nano = 2;
        //   fixed64 time_unix_nano = 3;
        //   fixed64 count = 4;
        //   optional double sum = 5;
        //   sint32 scale = 6;
        //   fixed64 zero_count = 7;
        //   Buckets positive = 8;
        //   Buckets negative = 9;
        //   uint32 flags = 10;
        //   repeated Exemplar exemplars = 11;
        //   optional double min = 12;   (not used)
        //   optional double max = 13;   (not used)
        //   double zero_threshold = 14;
        // }
        private void ReadExponentialHistogramPoint(ref ProtoReader reader)
        {
            var point = new OtlpPointRow();
            var attributeStart = _data.PointAttributes.Count;
            var exemplarStart = _data.Exemplars.Count;
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.ExponentialHistogramDataPoint.Attributes << 3 | Len:
                        var keyValue = reader.ReadMessage();
                        OtlpCommonProtobuf.ReadKeyValue(ref keyValue, _bytes, _data.PointAttributes);
                        break;
                    case F.ExponentialHistogramDataPoint.StartTimeUnixNano << 3 | I64:
                        point.StartTimeUnixNano = (long)reader.ReadFixed64();
                        break;
                    case F.ExponentialHistogramDataPoint.TimeUnixNano << 3 | I64:
                        point.TimeUnixNano = (long)reader.ReadFixed64();
                        break;
                    case F.ExponentialHistogramDataPoint.Count << 3 | I64:
                        point.Count = reader.ReadFixed64();
                        break;
                    case F.ExponentialHistogramDataPoint.Sum << 3 | I64:
                        point.Sum = reader.ReadDouble();
                        point.HasSum = true;
                        break;
                    case F.ExponentialHistogramDataPoint.Scale << 3 | Varint:
                        point.Scale = ZigZag32(reader.ReadVarint64());
                        break;
                    case F.ExponentialHistogramDataPoint.ZeroCount << 3 | I64:
                        point.ZeroCount = reader.ReadFixed64();
                        break;
                    case F.ExponentialHistogramDataPoint.Positive << 3 | Len:
                        var positive = reader.ReadMessage();
                        point.BucketCounts = ReadBuckets(ref positive, out point.PositiveOffset);
                        break;
                    case F.ExponentialHistogramDataPoint.Negative << 3 | Len:
                        var negative = reader.ReadMessage();
                        point.NegativeBucketCounts = ReadBuckets(ref negative, out point.NegativeOffset);
                        break;
                    case F.ExponentialHistogramDataPoint.Flags << 3 | Varint:
                        point.Flags = reader.ReadVarint32();
                        break;
                    case F.ExponentialHistogramDataPoint.Exemplars << 3 | Len:
                        var exemplar = reader.ReadMessage();
                        ReadExemplar(ref exemplar);
                        break;
                    case F.ExponentialHistogramDataPoint.ZeroThreshold << 3 | I64:
                        point.ZeroThreshold = reader.ReadDouble();
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
                }
            }
            AddPoint(ref point, attributeStart, exemplarStart);
        }

        // message Buckets {
        //   sint32 offset = 1;
        //   repeated uint64 bucket_counts = 2;
        // }
        // Buckets seen twice keep the last (protobuf would merge them; no SDK sends that).
        private RowRange ReadBuckets(ref ProtoReader reader, out int offset)
        {
            offset = 0;
            var start = _data.BucketCounts.Count;
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.Buckets.Offset << 3 | Varint:
                        offset = ZigZag32(reader.ReadVarint64());
                        break;
                    case F.Buckets.BucketCounts << 3 | Len:
                        var packed = reader.ReadMessage();
                        while (!packed.IsAtEnd) _data.BucketCounts.Add(packed.ReadVarint64());
                        break;
                    case F.Buckets.BucketCounts << 3 | Varint:
                        _data.BucketCounts.Add(reader.ReadVarint64());
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
                }
            }
            return new RowRange(start, _data.BucketCounts.Count - start);
        }

        // message SummaryDataPoint {
        //   repeated KeyValue attributes = 7;
        //   fixed64 start_time_unix_nano = 2;
        //   fixed64 time_unix_nano = 3;
        //   fixed64 count = 4;
        //   double sum = 5;
        //   repeated ValueAtQuantile quantile_values = 6;
        //   uint32 flags = 8;
        // }
        // message ValueAtQuantile { double quantile = 1; double value = 2; }
        private void ReadSummaryPoint(ref ProtoReader reader)
        {
            var point = new OtlpPointRow { HasSum = true };
            var attributeStart = _data.PointAttributes.Count;
            var quantileStart = _data.Quantiles.Count;
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.SummaryDataPoint.Attributes << 3 | Len:
                        var keyValue = reader.ReadMessage();
                        OtlpCommonProtobuf.ReadKeyValue(ref keyValue, _bytes, _data.PointAttributes);
                        break;
                    case F.SummaryDataPoint.StartTimeUnixNano << 3 | I64:
                        point.StartTimeUnixNano = (long)reader.ReadFixed64();
                        break;
                    case F.SummaryDataPoint.TimeUnixNano << 3 | I64:
                        point.TimeUnixNano = (long)reader.ReadFixed64();
                        break;
                    case F.SummaryDataPoint.Count << 3 | I64:
                        point.Count = reader.ReadFixed64();
                        break;
                    case F.SummaryDataPoint.Sum << 3 | I64:
                        point.Sum = reader.ReadDouble();
                        break;
                    case F.SummaryDataPoint.QuantileValues << 3 | Len:
                        var quantile = reader.ReadMessage();
                        var row = new OtlpQuantileRow();
                        while (quantile.TryReadTag(out var qTag))
                        {
                            if (qTag == (F.ValueAtQuantile.Quantile << 3 | I64)) row.Quantile = quantile.ReadDouble();
                            else if (qTag == (F.ValueAtQuantile.Value << 3 | I64)) row.Value = quantile.ReadDouble();
                            else quantile.SkipField(qTag);
                        }
                        _data.Quantiles.Add(in row);
                        break;
                    case F.SummaryDataPoint.Flags << 3 | Varint:
                        point.Flags = reader.ReadVarint32();
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
                }
            }
            point.Quantiles = new RowRange(quantileStart, _data.Quantiles.Count - quantileStart);
            AddPoint(ref point, attributeStart, _data.Exemplars.Count);
        }

        // message Exemplar {
        //   repeated KeyValue filtered_attributes = 7;
        //   fixed64 time_unix_nano = 2;
        //   oneof value { double as_double = 3; sfixed64 as_int = 6; }
        //   bytes span_id = 4;
        //   bytes trace_id = 5;
        // }
        private void ReadExemplar(ref ProtoReader reader)
        {
            var row = new OtlpExemplarRow();
            var attributeStart = _data.ExemplarAttributes.Count;
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.Exemplar.FilteredAttributes << 3 | Len:
                        var keyValue = reader.ReadMessage();
                        OtlpCommonProtobuf.ReadKeyValue(ref keyValue, _bytes, _data.ExemplarAttributes);
                        break;
                    case F.Exemplar.TimeUnixNano << 3 | I64:
                        row.TimeUnixNano = (long)reader.ReadFixed64();
                        break;
                    case F.Exemplar.AsDouble << 3 | I64:
                        row.Value = reader.ReadDouble();
                        break;
                    case F.Exemplar.AsInt << 3 | I64:
                        row.Value = (long)reader.ReadFixed64();
                        break;
                    case F.Exemplar.SpanId << 3 | Len:
                        var spanId = reader.ReadBytes();
                        row.SpanId = spanId.Length == SpanId.Size ? SpanId.Read(spanId) : default;
                        break;
                    case F.Exemplar.TraceId << 3 | Len:
                        var traceId = reader.ReadBytes();
                        row.TraceId = traceId.Length == TraceId.Size ? TraceId.Read(traceId) : default;
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
                }
            }
            row.Attributes = new RowRange(attributeStart, _data.ExemplarAttributes.Count - attributeStart);
            _data.Exemplars.Add(in row);
        }

        private void AddPoint(ref OtlpPointRow point, int attributeStart, int exemplarStart)
        {
            point.Attributes = new RowRange(attributeStart, _data.PointAttributes.Count - attributeStart);
            point.Exemplars = new RowRange(exemplarStart, _data.Exemplars.Count - exemplarStart);
            _data.Points.Add(in point);
        }

        private static int ZigZag32(ulong raw)
        {
            var n = (uint)raw;
            return (int)(n >> 1) ^ -(int)(n & 1);
        }

        private static void ReadPackedFixed64(ref ProtoReader reader, RowList<ulong> destination)
        {
            var packed = reader.ReadMessage();
            while (!packed.IsAtEnd) destination.Add(packed.ReadFixed64());
        }

        private static void ReadPackedDouble(ref ProtoReader reader, RowList<double> destination)
        {
            var packed = reader.ReadMessage();
            while (!packed.IsAtEnd) destination.Add(packed.ReadDouble());
        }
    }
}
