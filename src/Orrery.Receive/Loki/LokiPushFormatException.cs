namespace Orrery.Receive.Loki;

/// <summary>The push body is malformed (bad protobuf, JSON or snappy); nothing of it was kept.</summary>
public sealed class LokiPushFormatException : Exception
{
    public LokiPushFormatException(string message)
        : base(message)
    {
    }

    public LokiPushFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
