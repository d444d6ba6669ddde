using IronSnappy;
using Orrery.Signals.Protobuf;

namespace Orrery.Receive.Loki;

/// <summary>Snappy block decoding for push bodies, with the size limit checked before inflating.</summary>
internal static class LokiSnappy
{
    /// <exception cref="LokiPushTooLargeException">The block says it inflates past <paramref name="limit"/>.</exception>
    /// <exception cref="LokiPushFormatException">The block is corrupt.</exception>
    public static byte[] Decode(ReadOnlySpan<byte> block, long limit)
    {
        // A snappy block starts with the uncompressed length as a varint.
        ulong length;
        try
        {
            var reader = new ProtoReader(block);
            length = reader.ReadVarint64();
        }
        catch (ProtobufFormatException e)
        {
            throw new LokiPushFormatException("invalid snappy body: the length header is truncated", e);
        }
        if (length > (ulong)limit)
            throw new LokiPushTooLargeException($"request body exceeds the limit of {limit} bytes (counted after decompression; snappy says {length})");
        try
        {
            return Snappy.Decode(block);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // IronSnappy reports corrupt input with several exception types; all mean a bad body.
            throw new LokiPushFormatException($"invalid snappy body: {e.Message}", e);
        }
    }
}

/// <summary>The push body inflates past the request size limit.</summary>
public sealed class LokiPushTooLargeException(string message) : Exception(message);
