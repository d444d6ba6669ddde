using Orrery.Signals.Protobuf;

namespace Orrery.Receive.Otlp.Grpc;

/// <summary>
/// Retry advice for refused exports. OTLP clients back off on UNAVAILABLE and honour a
/// <c>google.rpc.RetryInfo</c> detail when one comes with the status; HTTP clients read Retry-After.
/// </summary>
public static class GrpcRetryInfo
{
    // message Status { int32 code = 1; string message = 2; repeated google.protobuf.Any details = 3; }
    // message Any { string type_url = 1; bytes value = 2; }
    // message RetryInfo { google.protobuf.Duration retry_delay = 1; }
    // message Duration { int64 seconds = 1; int32 nanos = 2; }
    private const int StatusCode = 1;
    private const int StatusMessage = 2;
    private const int StatusDetailsField = 3;
    private const int AnyTypeUrl = 1;
    private const int AnyValue = 2;
    private const int RetryDelay = 1;
    private const int DurationSeconds = 1;
    private const int DurationNanos = 2;
    private const string RetryInfoType = "type.googleapis.com/google.rpc.RetryInfo";

    /// <summary>Whole seconds for Retry-After: rounded up, at least 1 (also when nothing was said).</summary>
    public static long RetryAfterSeconds(TimeSpan? retryAfter) =>
        retryAfter is { } delay && delay > TimeSpan.Zero ? Math.Max(1, (long)Math.Ceiling(delay.TotalSeconds)) : 1;

    /// <summary>A serialized <c>google.rpc.Status</c> carrying a RetryInfo detail; null when there is no delay to advise.</summary>
    public static byte[]? StatusDetails(GrpcStatusCode code, string? message, TimeSpan? retryAfter)
    {
        if (retryAfter is not { } delay || delay <= TimeSpan.Zero) return null;
        using var retryInfo = new ProtoWriter(32);
        var duration = retryInfo.BeginMessage(RetryDelay);
        var seconds = (long)Math.Floor(delay.TotalSeconds);
        var nanos = (int)((delay.Ticks - (seconds * TimeSpan.TicksPerSecond)) * 100);
        if (seconds != 0) retryInfo.WriteInt64Field(DurationSeconds, seconds);
        if (nanos != 0) retryInfo.WriteInt64Field(DurationNanos, nanos);
        retryInfo.EndMessage(duration);

        using var status = new ProtoWriter(128 + ((message?.Length ?? 0) * 3));
        status.WriteInt64Field(StatusCode, (int)code);
        if (!string.IsNullOrEmpty(message)) status.WriteStringField(StatusMessage, message);
        var any = status.BeginMessage(StatusDetailsField);
        status.WriteStringField(AnyTypeUrl, RetryInfoType);
        status.WriteBytesField(AnyValue, retryInfo.WrittenSpan);
        status.EndMessage(any);
        return status.ToArray();
    }
}
