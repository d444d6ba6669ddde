using System.Buffers.Binary;

namespace Orrery.Receive.Otlp.Grpc;

/// <summary>
/// gRPC length-prefixed message framing (gRPC over HTTP/2, "Length-Prefixed-Message"):
/// <code>
/// [1 byte compressed flag: 0 or 1][4 bytes message length, big-endian][message]
/// </code>
/// </summary>
public static class GrpcFrame
{
    public const int HeaderSize = 5;

    /// <summary>
    /// Reads the single message of a unary request body. False (with the reason) when the body is
    /// empty, truncated, has an unknown flag, or holds more than one message.
    /// </summary>
    public static bool TryReadSingle(ReadOnlySpan<byte> body, out bool compressed, out int offset, out int length, out string? error)
    {
        compressed = false;
        offset = HeaderSize;
        length = 0;
        error = null;
        if (body.Length < HeaderSize)
        {
            error = body.IsEmpty ? "request has no message" : "truncated gRPC message header";
            return false;
        }
        if (body[0] > 1)
        {
            error = $"invalid gRPC compressed flag {body[0]}";
            return false;
        }
        compressed = body[0] == 1;
        var declared = BinaryPrimitives.ReadUInt32BigEndian(body[1..]);
        if (declared > (uint)(body.Length - HeaderSize))
        {
            error = $"truncated gRPC message: header declares {declared} bytes, {body.Length - HeaderSize} present";
            return false;
        }
        length = (int)declared;
        if (body.Length > HeaderSize + length)
        {
            error = "unary call carries more than one message";
            return false;
        }
        return true;
    }

    /// <summary>Writes a frame header for an uncompressed message of <paramref name="length"/> bytes.</summary>
    public static void WriteHeader(Span<byte> destination, int length)
    {
        destination[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
    }
}
