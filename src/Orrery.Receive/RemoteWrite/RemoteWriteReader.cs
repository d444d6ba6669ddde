using System.Text;
using System.Text.Unicode;
using Orrery.Receive.Otlp.Metrics;
using Orrery.Signals;
using Orrery.Signals.Metrics;
using Orrery.Signals.Protobuf;
using F = Orrery.Receive.RemoteWrite.RemoteWriteFieldNumbers;

namespace Orrery.Receive.RemoteWrite;

/// <summary>
/// Decodes a Prometheus remote write 1.0 <c>WriteRequest</c> (after snappy) straight into a
/// <see cref="MetricBatch"/>: series, float samples, native histograms, exemplars and metadata,
/// with no object per series or sample.
/// </summary>
/// <remarks>
/// <para>A series with invalid labels (no metric name, a name outside Prometheus's alphabet, a
/// value that is not UTF-8, a name given twice) is skipped with its samples, which are counted
/// in the result; so is a histogram whose spans and bucket counts disagree or whose schema is
/// outside -4..8. The rest of the request is kept, as Prometheus does. A malformed payload throws
/// <see cref="ProtobufFormatException"/> and leaves the batch as it was.</para>
/// <para>Protobuf semantics: fields in any order (a series' labels are read in a first pass so
/// they may follow its samples), packed and unpacked repeated scalars, unknown fields skipped.</para>
/// </remarks>
public static partial class RemoteWriteReader
{
    private const int Varint = (int)WireType.Varint;
    private const int I64 = (int)WireType.Fixed64;
    private const int Len = (int)WireType.LengthDelimited;

    /// <summary>Decodes <paramref name="payload"/>, copying its strings into the batch's arena.</summary>
    public static RemoteWriteDecodeResult Read(ReadOnlySpan<byte> payload, MetricBatch destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return Read(payload, destination, new Decoder(destination, inPlaceAt: -1));
    }

    /// <summary>
    /// Decodes a payload that already lies in the batch's arena (<paramref name="payload"/>, e.g.
    /// where <see cref="SnappyBlock.TryDecode(ReadOnlySpan{byte}, Span{byte})"/> put it): labels,
    /// metric names and metadata point into it instead of being copied, so a request costs no
    /// string copy and no allocation beyond the batch's rows.
    /// </summary>
    public static RemoteWriteDecodeResult ReadInPlace(MetricBatch batch, Utf8Ref payload)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return Read(batch.Utf8(payload), batch, new Decoder(batch, payload.Offset));
    }

    private static RemoteWriteDecodeResult Read(ReadOnlySpan<byte> payload, MetricBatch destination, Decoder decoder)
    {
        var mark = new BatchMark(destination);
        try
        {
            var reader = new ProtoReader(payload);
            // message WriteRequest { repeated TimeSeries timeseries = 1; reserved 2; repeated MetricMetadata metadata = 3; }
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.WriteRequest.Timeseries << 3 | Len:
                        var series = reader.ReadMessage();
                        decoder.ReadTimeSeries(ref series);
                        break;
                    case F.WriteRequest.Metadata << 3 | Len:
                        var metadata = reader.ReadMessage();
                        decoder.ReadMetadata(ref metadata);
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
                }
            }
        }
        catch (ProtobufFormatException)
        {
            mark.Restore(destination);
            throw;
        }
        return new RemoteWriteDecodeResult(destination.SampleCount - mark.Samples, decoder.Rejected, decoder.Reason);
    }

    /// <param name="inPlaceAt">Arena offset of the payload when it lies in the batch's arena, else -1 (strings are copied).</param>
    private sealed partial class Decoder(MetricBatch batch, int inPlaceAt)
    {
        private readonly MetricBatch _batch = batch;
        private readonly int _inPlaceAt = inPlaceAt;

        public int Rejected { get; private set; }

        public string? Reason { get; private set; }

        // message TimeSeries {
        //   repeated Label labels = 1;
        //   repeated Sample samples = 2;
        //   repeated Exemplar exemplars = 3;
        //   repeated Histogram histograms = 4;
        // }
        public void ReadTimeSeries(ref ProtoReader reader)
        {
            var body = reader;
            var labelStart = _batch.Labels.Count;
            _batch.BeginSeries();
            try
            {
                while (reader.TryReadTag(out var tag))
                {
                    if (tag == (F.TimeSeries.Labels << 3 | Len))
                    {
                        var label = reader.ReadMessage();
                        ReadLabel(ref label);
                    }
                    else
                    {
                        reader.SkipField(tag);
                    }
                }
            }
            catch (ProtobufFormatException)
            {
                _batch.EndSeries(out _); // leave the batch able to take series again
                throw;
            }
            var invalid = InvalidLabels(labelStart);
            var series = _batch.EndSeries(out var duplicate);
            if (series < 0) invalid ??= $"label name \"{duplicate}\" is given twice";
            else if (invalid is null && _batch.LabelValue(series, "__name__"u8).IsEmpty) invalid = "the series has no metric name (__name__)";
            if (invalid is not null)
            {
                if (series >= 0) _batch.Series.Truncate(series);
                _batch.Labels.Truncate(labelStart);
                RejectSeries(ref body, invalid);
                return;
            }
            ReadSeriesData(ref body, series);
        }

        // message Label { string name = 1; string value = 2; }
        private void ReadLabel(ref ProtoReader reader)
        {
            Utf8Ref name = default, value = default;
            while (reader.TryReadTag(out var tag))
            {
                if (tag == (F.Label.Name << 3 | Len)) name = ReadString(ref reader);
                else if (tag == (F.Label.Value << 3 | Len)) value = ReadString(ref reader);
                else reader.SkipField(tag);
            }
            _batch.AddLabel(name, value);
        }

        /// <summary>A length-delimited field's bytes in the arena: where they already are, or appended.</summary>
        private Utf8Ref ReadString(ref ProtoReader reader)
        {
            var bytes = reader.ReadBytes();
            if (_inPlaceAt < 0) return _batch.Bytes.Append(bytes);
            return bytes.IsEmpty ? default : new Utf8Ref(_inPlaceAt + reader.Offset - bytes.Length, bytes.Length);
        }

        /// <summary>Checks the labels added since <paramref name="start"/> (they end the label table); null when valid.</summary>
        private string? InvalidLabels(int start)
        {
            foreach (var label in _batch.Labels.AsSpan()[start..])
            {
                var name = _batch.Utf8(label.Name);
                var value = _batch.Utf8(label.Value);
                if (!PrometheusNames.IsValidLabelName(name))
                    return $"invalid label name \"{Encoding.UTF8.GetString(name)}\"";
                if (!Utf8.IsValid(value))
                    return $"label \"{Encoding.UTF8.GetString(name)}\" has a value that is not valid UTF-8";
                if (name.SequenceEqual("__name__"u8) && !PrometheusNames.IsValidMetricName(value))
                    return $"invalid metric name \"{Encoding.UTF8.GetString(value)}\"";
            }
            return null;
        }

        private void RejectSeries(ref ProtoReader reader, string reason)
        {
            var samples = 0;
            while (reader.TryReadTag(out var tag))
            {
                if (tag is (F.TimeSeries.Samples << 3 | Len) or (F.TimeSeries.Histograms << 3 | Len)) samples++;
                reader.SkipField(tag);
            }
            Reject(samples, reason);
        }

        private void Reject(int samples, string reason)
        {
            if (samples == 0) return;
            Rejected += samples;
            Reason ??= reason;
        }

        private void ReadSeriesData(ref ProtoReader reader, int series)
        {
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.TimeSeries.Samples << 3 | Len:
                        var sample = reader.ReadMessage();
                        ReadSample(ref sample, series);
                        break;
                    case F.TimeSeries.Exemplars << 3 | Len:
                        var exemplar = reader.ReadMessage();
                        ReadExemplar(ref exemplar, series);
                        break;
                    case F.TimeSeries.Histograms << 3 | Len:
                        var histogram = reader.ReadMessage();
                        ReadHistogram(ref histogram, series);
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
                }
            }
        }

        // message Sample { double value = 1; int64 timestamp = 2; }
        private void ReadSample(ref ProtoReader reader, int series)
        {
            var row = new SampleRow { Series = series };
            while (reader.TryReadTag(out var tag))
            {
                if (tag == (F.Sample.Value << 3 | I64)) row.Value = reader.ReadDouble();
                else if (tag == (F.Sample.Timestamp << 3 | Varint)) row.TimestampMs = (long)reader.ReadVarint64();
                else reader.SkipField(tag);
            }
            _batch.Samples.Add(in row);
        }

        // message Exemplar { repeated Label labels = 1; double value = 2; int64 timestamp = 3; }
        private void ReadExemplar(ref ProtoReader reader, int series)
        {
            var row = new ExemplarRow { Series = series };
            var labelStart = _batch.Labels.Count;
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.Exemplar.Labels << 3 | Len:
                        var label = reader.ReadMessage();
                        ReadLabel(ref label);
                        break;
                    case F.Exemplar.Value << 3 | I64:
                        row.Value = reader.ReadDouble();
                        break;
                    case F.Exemplar.Timestamp << 3 | Varint:
                        row.TimestampMs = (long)reader.ReadVarint64();
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
                }
            }
            var kept = Signals.Labels.LabelCanonicalizer.Canonicalize(_batch.Bytes, _batch.Labels.AsSpan()[labelStart..], out _);
            // Exemplar labels given twice: keep the exemplar, without labels that cannot be told apart.
            if (kept < 0) kept = 0;
            _batch.Labels.Truncate(labelStart + kept);
            row.Labels = new RowRange(labelStart, kept);
            _batch.Exemplars.Add(in row);
        }

        // message MetricMetadata { MetricType type = 1; string metric_family_name = 2; string help = 4; string unit = 5; }
        public void ReadMetadata(ref ProtoReader reader)
        {
            var row = new MetadataRow();
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.MetricMetadata.Type << 3 | Varint:
                        var type = reader.ReadVarint64();
                        row.Type = type <= (ulong)MetricType.StateSet ? (MetricType)type : MetricType.Unknown;
                        break;
                    case F.MetricMetadata.MetricFamilyName << 3 | Len:
                        row.MetricFamily = ReadString(ref reader);
                        break;
                    case F.MetricMetadata.Help << 3 | Len:
                        row.Help = ReadString(ref reader);
                        break;
                    case F.MetricMetadata.Unit << 3 | Len:
                        row.Unit = ReadString(ref reader);
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
                }
            }
            if (!row.MetricFamily.IsEmpty) _batch.Metadata.Add(in row);
        }
    }

    /// <summary>Row counts of a batch, to undo a failed decode.</summary>
    private readonly struct BatchMark(MetricBatch batch)
    {
        private readonly int _bytes = batch.Bytes.Length;
        private readonly int _series = batch.Series.Count;
        private readonly int _labels = batch.Labels.Count;
        private readonly int _samples = batch.Samples.Count;
        private readonly int _histograms = batch.Histograms.Count;
        private readonly int _spans = batch.BucketSpans.Count;
        private readonly int _counts = batch.BucketCounts.Count;
        private readonly int _exemplars = batch.Exemplars.Count;
        private readonly int _metadata = batch.Metadata.Count;

        public int Samples => _samples + _histograms;

        public void Restore(MetricBatch batch)
        {
            batch.Bytes.Truncate(_bytes);
            batch.Series.Truncate(_series);
            batch.Labels.Truncate(_labels);
            batch.Samples.Truncate(_samples);
            batch.Histograms.Truncate(_histograms);
            batch.BucketSpans.Truncate(_spans);
            batch.BucketCounts.Truncate(_counts);
            batch.Exemplars.Truncate(_exemplars);
            batch.Metadata.Truncate(_metadata);
        }
    }
}
