using Orrery.Receive.Otlp.Logs;
using Orrery.Signals;
using Orrery.Signals.Logs;
using Orrery.Signals.Protobuf;

namespace Orrery.Receive.Loki;

/// <summary>
/// Decodes Loki's protobuf <c>logproto.PushRequest</c> (already snappy-decompressed) into a
/// <see cref="LogBatch"/>. A stream whose label string does not parse is dropped with its lines
/// and reported in the result, as Loki does; a malformed message throws
/// <see cref="LokiPushFormatException"/> and leaves the batch as it was.
/// </summary>
public static class LokiPushProtobufReader
{
    private const int Varint = (int)WireType.Varint;
    private const int Len = (int)WireType.LengthDelimited;

    // Field numbers of grafana/loki pkg/push/push.proto.
    private const int PushRequestStreams = 1;
    private const int StreamLabels = 1;
    private const int StreamEntries = 2;
    private const int EntryTimestamp = 1;
    private const int EntryLine = 2;
    private const int EntryStructuredMetadata = 3;
    private const int LabelPairName = 1;
    private const int LabelPairValue = 2;
    private const int TimestampSeconds = 1;
    private const int TimestampNanos = 2;

    public static LokiPushDecodeResult Read(ReadOnlySpan<byte> payload, LogBatch destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var start = new LogBatchMark(destination);
        var writer = new LokiStreamWriter(destination);
        try
        {
            // message PushRequest { repeated StreamAdapter streams = 1; }
            var reader = new ProtoReader(payload);
            var index = 0;
            while (reader.TryReadTag(out var tag))
            {
                if (tag == (PushRequestStreams << 3 | Len))
                {
                    var stream = reader.ReadMessage();
                    ReadStream(ref stream, writer, index++);
                }
                else
                {
                    reader.SkipField(tag);
                }
            }
        }
        catch (ProtobufFormatException e)
        {
            start.Restore(destination);
            throw new LokiPushFormatException($"malformed protobuf PushRequest: {e.Message}", e);
        }
        return writer.Result(start.Records);
    }

    // message StreamAdapter { string labels = 1; repeated EntryAdapter entries = 2; uint64 hash = 3; }
    // The labels may follow the entries, so they are found first.
    private static void ReadStream(ref ProtoReader reader, LokiStreamWriter writer, int index)
    {
        var scan = reader;
        ReadOnlySpan<byte> labels = default;
        var entries = 0;
        while (scan.TryReadTag(out var tag))
        {
            if (tag == (StreamLabels << 3 | Len)) labels = scan.ReadBytes();
            else
            {
                if (tag == (StreamEntries << 3 | Len)) entries++;
                scan.SkipField(tag);
            }
        }
        var arenaMark = writer.Batch.Bytes.Length;
        LokiLabelParser.TryParse(labels, writer.Batch.Bytes, writer.Labels, out var error);
        var stream = writer.EndLabels(index, error);
        if (stream < 0)
        {
            writer.Batch.Bytes.Truncate(arenaMark);
            writer.RejectLines(entries);
            return;
        }
        while (reader.TryReadTag(out var tag))
        {
            if (tag == (StreamEntries << 3 | Len))
            {
                var entry = reader.ReadMessage();
                ReadEntry(ref entry, writer, stream);
            }
            else
            {
                reader.SkipField(tag);
            }
        }
    }

    // message EntryAdapter { google.protobuf.Timestamp timestamp = 1; string line = 2; repeated LabelPairAdapter structuredMetadata = 3; }
    private static void ReadEntry(ref ProtoReader reader, LokiStreamWriter writer, int stream)
    {
        var batch = writer.Batch;
        var metadataStart = batch.Metadata.Count;
        long timestamp = 0;
        Utf8Ref line = default;
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case EntryTimestamp << 3 | Len:
                    var time = reader.ReadMessage();
                    timestamp = ReadTimestamp(ref time);
                    break;
                case EntryLine << 3 | Len:
                    line = batch.Bytes.Append(reader.ReadBytes());
                    break;
                case EntryStructuredMetadata << 3 | Len:
                    var pair = reader.ReadMessage();
                    ReadLabelPair(ref pair, batch);
                    break;
                default:
                    reader.SkipField(tag);
                    break;
            }
        }
        writer.AddEntry(stream, timestamp, line, metadataStart);
    }

    // message LabelPairAdapter { string name = 1; string value = 2; }
    private static void ReadLabelPair(ref ProtoReader reader, LogBatch batch)
    {
        ReadOnlySpan<byte> name = default, value = default;
        while (reader.TryReadTag(out var tag))
        {
            if (tag == (LabelPairName << 3 | Len)) name = reader.ReadBytes();
            else if (tag == (LabelPairValue << 3 | Len)) value = reader.ReadBytes();
            else reader.SkipField(tag);
        }
        if (!name.IsEmpty && !value.IsEmpty) batch.AddMetadata(name, value);
    }

    // message Timestamp { int64 seconds = 1; int32 nanos = 2; }
    private static long ReadTimestamp(ref ProtoReader reader)
    {
        long seconds = 0, nanos = 0;
        while (reader.TryReadTag(out var tag))
        {
            if (tag == (TimestampSeconds << 3 | Varint)) seconds = (long)reader.ReadVarint64();
            else if (tag == (TimestampNanos << 3 | Varint)) nanos = (int)reader.ReadVarint64();
            else reader.SkipField(tag);
        }
        return seconds * 1_000_000_000 + nanos;
    }
}
