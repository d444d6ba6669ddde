using Orrery.Signals.Metrics;
using Orrery.Signals.Protobuf;

namespace Orrery.Generate.Metrics;

/// <summary>
/// Encodes a <see cref="MetricBatch"/>'s float samples as a Prometheus remote write 1.0
/// <c>WriteRequest</c> and compresses it with snappy (block format), as Prometheus sends it.
/// Consecutive samples of one series share a <c>TimeSeries</c>; metadata rows go out as
/// <c>MetricMetadata</c>. Native histograms and exemplars are not written (the generator makes
/// classic histograms only).
/// </summary>
public static class RemoteWriteEncoder
{
    // message WriteRequest { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; }
    // message TimeSeries { repeated Label labels = 1; repeated Sample samples = 2; }
    // message Label { string name = 1; string value = 2; }
    // message Sample { double value = 1; int64 timestamp = 2; }
    // message MetricMetadata { MetricType type = 1; string metric_family_name = 2; string help = 4; string unit = 5; }
    private const int Timeseries = 1, Metadata = 3;
    private const int Labels = 1, Samples = 2;
    private const int LabelName = 1, LabelValue = 2;
    private const int SampleValue = 1, SampleTimestamp = 2;
    private const int MetadataType = 1, MetadataFamily = 2, MetadataHelp = 4, MetadataUnit = 5;

    /// <summary>The uncompressed <c>WriteRequest</c>.</summary>
    public static byte[] Encode(MetricBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var writer = new ProtoWriter(batch.Bytes.Length + batch.Samples.Count * 32 + 256);
        var samples = batch.Samples.AsSpan();
        for (var i = 0; i < samples.Length;)
        {
            var series = samples[i].Series;
            var timeseries = writer.BeginMessage(Timeseries);
            foreach (ref readonly var label in batch.LabelsOf(series))
            {
                var l = writer.BeginMessage(Labels);
                writer.WriteBytesField(LabelName, batch.Utf8(label.Name));
                writer.WriteBytesField(LabelValue, batch.Utf8(label.Value));
                writer.EndMessage(l);
            }
            for (; i < samples.Length && samples[i].Series == series; i++)
            {
                var sample = writer.BeginMessage(Samples);
                writer.WriteDoubleField(SampleValue, samples[i].Value);
                writer.WriteInt64Field(SampleTimestamp, samples[i].TimestampMs);
                writer.EndMessage(sample);
            }
            writer.EndMessage(timeseries);
        }
        foreach (ref readonly var metadata in batch.Metadata.AsSpan())
        {
            var m = writer.BeginMessage(Metadata);
            // Prometheus's remote write MetricType numbers the types in the same order as Orrery's.
            writer.WriteVarintField(MetadataType, (ulong)metadata.Type);
            writer.WriteBytesField(MetadataFamily, batch.Utf8(metadata.MetricFamily));
            if (!metadata.Help.IsEmpty) writer.WriteBytesField(MetadataHelp, batch.Utf8(metadata.Help));
            if (!metadata.Unit.IsEmpty) writer.WriteBytesField(MetadataUnit, batch.Utf8(metadata.Unit));
            writer.EndMessage(m);
        }
        return writer.ToArray();
    }

    /// <summary>The snappy-compressed request body.</summary>
    public static byte[] EncodeCompressed(MetricBatch batch) => IronSnappy.Snappy.Encode(Encode(batch));
}
