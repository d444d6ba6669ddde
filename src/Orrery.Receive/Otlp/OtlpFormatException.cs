namespace Orrery.Receive.Otlp;

/// <summary>
/// The whole payload is malformed (bad protobuf or JSON, wrong JSON types); nothing of it was
/// kept. The message says what was wrong and at which byte offset of the payload.
/// </summary>
public sealed class OtlpFormatException : Exception
{
    public OtlpFormatException(string message)
        : base(message)
    {
    }

    public OtlpFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
