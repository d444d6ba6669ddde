using System.Text.Json;
using Orrery.Signals;

namespace Orrery.Receive.Otlp.Metrics;

public static partial class OtlpMetricsJsonReader
{
    private sealed partial class Decoder
    {
        // NumberDataPoint { "attributes", "startTimeUnixNano", "timeUnixNano", "asDouble" | "asInt", "exemplars", "flags" }
        private void ReadNumberPoint(ref Utf8JsonReader reader)
        {
            ExpectObject(ref reader, "dataPoints[]");
            var point = new OtlpPointRow();
            var attributeStart = _data.PointAttributes.Count;
            var exemplarStart = _data.Exemplars.Count;
            while (NextProperty(ref reader, out var name))
            {
                if (ReadCommonPointField(ref reader, name, ref point)) continue;
                if (Is(name, "asDouble"u8, "as_double"u8)) point.Value = ReadDouble(ref reader, "asDouble");
                else if (Is(name, "asInt"u8, "as_int"u8)) point.Value = ReadInt64(ref reader, "asInt");
                else if (Is(name, "exemplars"u8, "exemplars"u8)) ReadExemplars(ref reader);
                else reader.Skip();
            }
            AddPoint(ref point, attributeStart, exemplarStart);
        }

        // HistogramDataPoint { "attributes", "startTimeUnixNano", "timeUnixNano", "count", "sum", "bucketCounts",
        //                      "explicitBounds", "exemplars", "flags", "min", "max" }
        private void ReadHistogramPoint(ref Utf8JsonReader reader)
        {
            ExpectObject(ref reader, "dataPoints[]");
            var point = new OtlpPointRow();
            var attributeStart = _data.PointAttributes.Count;
            var exemplarStart = _data.Exemplars.Count;
            while (NextProperty(ref reader, out var name))
            {
                if (ReadCommonPointField(ref reader, name, ref point)) continue;
                if (Is(name, "count"u8, "count"u8)) point.Count = ReadUInt64(ref reader, "count");
                else if (Is(name, "sum"u8, "sum"u8))
                {
                    point.Sum = ReadDouble(ref reader, "sum");
                    point.HasSum = true;
                }
                else if (Is(name, "bucketCounts"u8, "bucket_counts"u8)) point.BucketCounts = ReadCounts(ref reader, "bucketCounts");
                else if (Is(name, "explicitBounds"u8, "explicit_bounds"u8))
                {
                    ExpectArray(ref reader, "explicitBounds");
                    var start = _data.Bounds.Count;
                    while (NextElement(ref reader)) _data.Bounds.Add(ReadDouble(ref reader, "explicitBounds[]"));
                    point.ExplicitBounds = new RowRange(start, _data.Bounds.Count - start);
                }
                else if (Is(name, "exemplars"u8, "exemplars"u8)) ReadExemplars(ref reader);
                else reader.Skip();
            }
            AddPoint(ref point, attributeStart, exemplarStart);
        }

        // ExponentialHistogramDataPoint { "attributes", "startTimeUnixNano", "timeUnixNano", "count", "sum", "scale",
        //   "zeroCount", "positive", "negative", "flags", "exemplars", "min", "max", "zeroThreshold" }
        private void ReadExponentialHistogramPoint(ref Utf8JsonReader reader)
        {
            ExpectObject(ref reader, "dataPoints[]");
            var point = new OtlpPointRow();
            var attributeStart = _data.PointAttributes.Count;
            var exemplarStart = _data.Exemplars.Count;
            while (NextProperty(ref reader, out var name))
            {
                if (ReadCommonPointField(ref reader, name, ref point)) continue;
                if (Is(name, "count"u8, "count"u8)) point.Count = ReadUInt64(ref reader, "count");
                else if (Is(name, "sum"u8, "sum"u8))
                {
                    point.Sum = ReadDouble(ref reader, "sum");
                    point.HasSum = true;
                }
                else if (Is(name, "scale"u8, "scale"u8)) point.Scale = ReadInt32(ref reader, "scale");
                else if (Is(name, "zeroCount"u8, "zero_count"u8)) point.ZeroCount = ReadUInt64(ref reader, "zeroCount");
                else if (Is(name, "zeroThreshold"u8, "zero_threshold"u8)) point.ZeroThreshold = ReadDouble(ref reader, "zeroThreshold");
                else if (Is(name, "positive"u8, "positive"u8)) point.BucketCounts = ReadBuckets(ref reader, out point.PositiveOffset);
                else if (Is(name, "negative"u8, "negative"u8)) point.NegativeBucketCounts = ReadBuckets(ref reader, out point.NegativeOffset);
                else if (Is(name, "exemplars"u8, "exemplars"u8)) ReadExemplars(ref reader);
                else reader.Skip();
            }
            AddPoint(ref point, attributeStart, exemplarStart);
        }

        // Buckets { "offset": int32, "bucketCounts": [uint64] }
        private RowRange ReadBuckets(ref Utf8JsonReader reader, out int offset)
        {
            ExpectObject(ref reader, "buckets");
            offset = 0;
            var counts = new RowRange(_data.BucketCounts.Count, 0);
            while (NextProperty(ref reader, out var name))
            {
                if (Is(name, "offset"u8, "offset"u8)) offset = ReadInt32(ref reader, "offset");
                else if (Is(name, "bucketCounts"u8, "bucket_counts"u8)) counts = ReadCounts(ref reader, "bucketCounts");
                else reader.Skip();
            }
            return counts;
        }

        // SummaryDataPoint { "attributes", "startTimeUnixNano", "timeUnixNano", "count", "sum", "quantileValues", "flags" }
        private void ReadSummaryPoint(ref Utf8JsonReader reader)
        {
            ExpectObject(ref reader, "dataPoints[]");
            var point = new OtlpPointRow { HasSum = true };
            var attributeStart = _data.PointAttributes.Count;
            var quantileStart = _data.Quantiles.Count;
            while (NextProperty(ref reader, out var name))
            {
                if (ReadCommonPointField(ref reader, name, ref point)) continue;
                if (Is(name, "count"u8, "count"u8)) point.Count = ReadUInt64(ref reader, "count");
                else if (Is(name, "sum"u8, "sum"u8)) point.Sum = ReadDouble(ref reader, "sum");
                else if (Is(name, "quantileValues"u8, "quantile_values"u8))
                {
                    ExpectArray(ref reader, "quantileValues");
                    while (NextElement(ref reader))
                    {
                        ExpectObject(ref reader, "quantileValues[]");
                        var row = new OtlpQuantileRow();
                        while (NextProperty(ref reader, out var field))
                        {
                            if (Is(field, "quantile"u8, "quantile"u8)) row.Quantile = ReadDouble(ref reader, "quantile");
                            else if (Is(field, "value"u8, "value"u8)) row.Value = ReadDouble(ref reader, "value");
                            else reader.Skip();
                        }
                        _data.Quantiles.Add(in row);
                    }
                }
                else reader.Skip();
            }
            point.Quantiles = new RowRange(quantileStart, _data.Quantiles.Count - quantileStart);
            AddPoint(ref point, attributeStart, _data.Exemplars.Count);
        }

        /// <summary>The fields every point kind has: attributes, times, flags.</summary>
        private bool ReadCommonPointField(ref Utf8JsonReader reader, scoped ReadOnlySpan<byte> name, ref OtlpPointRow point)
        {
            if (Is(name, "attributes"u8, "attributes"u8)) ReadAttributes(ref reader, _data.PointAttributes);
            else if (Is(name, "startTimeUnixNano"u8, "start_time_unix_nano"u8)) point.StartTimeUnixNano = (long)ReadUInt64(ref reader, "startTimeUnixNano");
            else if (Is(name, "timeUnixNano"u8, "time_unix_nano"u8)) point.TimeUnixNano = (long)ReadUInt64(ref reader, "timeUnixNano");
            else if (Is(name, "flags"u8, "flags"u8)) point.Flags = ReadUInt32(ref reader, "flags");
            else return false;
            return true;
        }

        // Exemplar { "filteredAttributes", "timeUnixNano", "asDouble" | "asInt", "spanId", "traceId" }
        private void ReadExemplars(ref Utf8JsonReader reader)
        {
            ExpectArray(ref reader, "exemplars");
            Span<byte> id = stackalloc byte[MaxIdBytes];
            while (NextElement(ref reader))
            {
                ExpectObject(ref reader, "exemplars[]");
                var row = new OtlpExemplarRow();
                var attributeStart = _data.ExemplarAttributes.Count;
                while (NextProperty(ref reader, out var name))
                {
                    if (Is(name, "filteredAttributes"u8, "filtered_attributes"u8)) ReadAttributes(ref reader, _data.ExemplarAttributes);
                    else if (Is(name, "timeUnixNano"u8, "time_unix_nano"u8)) row.TimeUnixNano = (long)ReadUInt64(ref reader, "timeUnixNano");
                    else if (Is(name, "asDouble"u8, "as_double"u8)) row.Value = ReadDouble(ref reader, "asDouble");
                    else if (Is(name, "asInt"u8, "as_int"u8)) row.Value = ReadInt64(ref reader, "asInt");
                    else if (Is(name, "traceId"u8, "trace_id"u8))
                    {
                        var length = ReadId(ref reader, id, TraceId.Size, "traceId");
                        row.TraceId = length == TraceId.Size ? TraceId.Read(id) : default;
                    }
                    else if (Is(name, "spanId"u8, "span_id"u8))
                    {
                        var length = ReadId(ref reader, id, SpanId.Size, "spanId");
                        row.SpanId = length == SpanId.Size ? SpanId.Read(id) : default;
                    }
                    else reader.Skip();
                }
                row.Attributes = new RowRange(attributeStart, _data.ExemplarAttributes.Count - attributeStart);
                _data.Exemplars.Add(in row);
            }
        }

        private RowRange ReadCounts(ref Utf8JsonReader reader, string what)
        {
            ExpectArray(ref reader, what);
            var start = _data.BucketCounts.Count;
            while (NextElement(ref reader)) _data.BucketCounts.Add(ReadUInt64(ref reader, what));
            return new RowRange(start, _data.BucketCounts.Count - start);
        }

        private int ReadInt32(ref Utf8JsonReader reader, string what)
        {
            var value = ReadInt64(ref reader, what);
            if (value is < int.MinValue or > int.MaxValue)
                throw new OtlpFormatException($"invalid OTLP/JSON at byte {reader.TokenStartIndex}: {what} must be a 32-bit integer");
            return (int)value;
        }

        private void AddPoint(ref OtlpPointRow point, int attributeStart, int exemplarStart)
        {
            point.Attributes = new RowRange(attributeStart, _data.PointAttributes.Count - attributeStart);
            point.Exemplars = new RowRange(exemplarStart, _data.Exemplars.Count - exemplarStart);
            _data.Points.Add(in point);
        }
    }
}
