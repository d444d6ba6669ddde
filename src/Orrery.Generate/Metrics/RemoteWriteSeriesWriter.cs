using Orrery.Signals.Metrics;
using Orrery.Signals.Protobuf;

namespace Orrery.Generate.Metrics;

/// <summary>
/// Writes a <see cref="SeriesSet"/>'s samples straight into a remote write 1.0 <c>WriteRequest</c>,
/// the same bytes <see cref="RemoteWriteEncoder"/> makes of a batch <see cref="SeriesSet.Fill"/>
/// filled, without the batch: every <c>Label</c> message a series repeats (metric name, instance,
/// job, le) is encoded once when the writer is made, so a sample costs a few copies, its
/// <c>series_id</c> and the sample itself. At a million series the sender shares the cores with the
/// server it measures; building, sorting and encoding a label set per sample would make it the
/// bottleneck. The request buffer is reused; only the snappy output is a new array per request.
/// </summary>
public sealed class RemoteWriteSeriesWriter : IDisposable
{
    private const int Timeseries = 1, Labels = 1, Samples = 2, LabelName = 1, LabelValue = 2, SampleValue = 1, SampleTimestamp = 2;

    private readonly SeriesSet _series;
    private readonly byte[][][] _names; // [family][SeriesKind]
    private readonly byte[][] _instances; // [target]
    private readonly byte[][] _buckets; // [le index]
    private readonly byte[] _job;
    private readonly byte[] _metadata;
    private readonly ProtoWriter _writer = new(64 * 1024);

    // A series_id Label's content up to its value's length: name field, then the value field's tag.
    private static readonly byte[] SeriesIdPrefix = [(byte)ProtoTag.Make(LabelName, WireType.LengthDelimited), 9, .. "series_id"u8, (byte)ProtoTag.Make(LabelValue, WireType.LengthDelimited)];

    public RemoteWriteSeriesWriter(SeriesSet series)
    {
        ArgumentNullException.ThrowIfNull(series);
        _series = series;
        _names = [.. SeriesSet.FamilyNames.Select(f => f.Take(5).Select(n => Label("__name__"u8, System.Text.Encoding.UTF8.GetBytes(n))).ToArray())];
        _instances = [.. Enumerable.Range(0, series.TargetCount).Select(t => Label("instance"u8, series.Instance(t)))];
        _buckets = [.. SeriesSet.BoundLabels.Select(b => Label("le"u8, System.Text.Encoding.UTF8.GetBytes(b)))];
        _job = Label("job"u8, "orrery-gen"u8);
        var metadata = new MetricBatch();
        series.AddMetadata(metadata);
        _metadata = RemoteWriteEncoder.Encode(metadata); // a request of metadata only: exactly its metadata fields
    }

    /// <summary>The uncompressed request of the next <paramref name="samples"/> samples; valid until the next call.</summary>
    public ReadOnlySpan<byte> Write(int samples, long nowMs)
    {
        var w = _writer;
        w.Reset();
        Span<byte> id = stackalloc byte[GeneratedSample.MaxSeriesIdBytes];
        for (var i = 0; i < samples; i++)
        {
            var sample = _series.Next(nowMs);
            var idLength = sample.FormatSeriesId(id);
            var name = _names[sample.Family][(int)sample.Kind];
            var instance = _instances[sample.Target];
            byte[] le = sample.Bucket >= 0 ? _buckets[sample.Bucket] : [];
            var seriesIdLabel = SeriesIdPrefix.Length + 1 + idLength; // all short: one-byte lengths
            var sampleMessage = 1 + 8 + 1 + ProtoWriter.VarintSize((ulong)sample.TimestampMs);
            var length = name.Length + instance.Length + _job.Length + le.Length + 2 + seriesIdLabel + 2 + sampleMessage;
            w.WriteTag(Timeseries, WireType.LengthDelimited);
            w.WriteVarint((ulong)length);
            // Label names in byte order (__name__, instance, job, le, series_id), as the batch path sorts them.
            w.WriteRaw(name);
            w.WriteRaw(instance);
            w.WriteRaw(_job);
            w.WriteRaw(le);
            w.WriteTag(Labels, WireType.LengthDelimited);
            w.WriteVarint((ulong)seriesIdLabel);
            w.WriteRaw(SeriesIdPrefix);
            w.WriteVarint((ulong)idLength);
            w.WriteRaw(id[..idLength]);
            w.WriteTag(Samples, WireType.LengthDelimited);
            w.WriteVarint((ulong)sampleMessage);
            w.WriteDoubleField(SampleValue, sample.Value);
            w.WriteInt64Field(SampleTimestamp, sample.TimestampMs);
        }
        w.WriteRaw(_metadata);
        return w.WrittenSpan;
    }

    /// <summary>The snappy-compressed request body of the next <paramref name="samples"/> samples.</summary>
    public byte[] WriteCompressed(int samples, long nowMs) => IronSnappy.Snappy.Encode(Write(samples, nowMs));

    public void Dispose() => _writer.Dispose();

    private static byte[] Label(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        using var w = new ProtoWriter(name.Length + value.Length + 8);
        var label = w.BeginMessage(Labels);
        w.WriteBytesField(LabelName, name);
        w.WriteBytesField(LabelValue, value);
        w.EndMessage(label);
        return w.ToArray();
    }
}
