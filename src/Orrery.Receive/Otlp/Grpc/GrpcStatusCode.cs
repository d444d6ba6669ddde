namespace Orrery.Receive.Otlp.Grpc;

/// <summary>The gRPC status codes Orrery answers with (numbers from the gRPC specification).</summary>
public enum GrpcStatusCode
{
    Ok = 0,
    InvalidArgument = 3,
    ResourceExhausted = 8,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    Unauthenticated = 16,
}
