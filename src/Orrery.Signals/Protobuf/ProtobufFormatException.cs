namespace Orrery.Signals.Protobuf;

/// <summary>
/// The bytes are not a well-formed protobuf message. <see cref="Offset"/> is the byte offset,
/// from the start of the outermost payload, at which the problem was found.
/// </summary>
public sealed class ProtobufFormatException : FormatException
{
    public ProtobufFormatException(string message, int offset)
        : base($"{message} at byte {offset}") => Offset = offset;

    public int Offset { get; }
}
