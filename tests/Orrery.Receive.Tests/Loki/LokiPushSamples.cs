using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using IronSnappy;
using Loki.Push;

namespace Orrery.Receive.Tests.Loki;

/// <summary>Loki push bodies as clients write them: protobuf built with Google.Protobuf, snappy-compressed.</summary>
internal static class LokiPushSamples
{
    public static EntryAdapter Entry(long ns, string line, params (string Name, string Value)[] metadata)
    {
        var entry = new EntryAdapter
        {
            Timestamp = new Timestamp { Seconds = ns / 1_000_000_000, Nanos = (int)(ns % 1_000_000_000) },
            Line = line,
        };
        entry.StructuredMetadata.AddRange(metadata.Select(m => new LabelPairAdapter { Name = m.Name, Value = m.Value }));
        return entry;
    }

    public static StreamAdapter Stream(string labels, params EntryAdapter[] entries)
    {
        var stream = new StreamAdapter { Labels = labels };
        stream.Entries.AddRange(entries);
        return stream;
    }

    public static byte[] Snappied(params StreamAdapter[] streams)
    {
        var request = new PushRequest();
        request.Streams.AddRange(streams);
        return Snappy.Encode(request.ToByteArray());
    }
}
