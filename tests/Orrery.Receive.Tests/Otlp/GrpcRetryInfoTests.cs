using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Orrery.Receive.Otlp.Grpc;

namespace Orrery.Receive.Tests.Otlp;

public class GrpcRetryInfoTests
{
    [Theory]
    [InlineData(null, 1)]
    [InlineData(0.0, 1)]
    [InlineData(0.2, 1)]
    [InlineData(1.0, 1)]
    [InlineData(1.01, 2)]
    [InlineData(30.0, 30)]
    public void Retry_after_is_whole_seconds_rounded_up_and_at_least_one(double? seconds, long expected) =>
        Assert.Equal(expected, GrpcRetryInfo.RetryAfterSeconds(seconds is { } s ? TimeSpan.FromSeconds(s) : null));

    [Fact]
    public void Status_details_carry_the_code_message_and_a_retry_info_delay()
    {
        var bytes = GrpcRetryInfo.StatusDetails(GrpcStatusCode.Unavailable, "over limit", TimeSpan.FromMilliseconds(2500))!;

        // google.rpc.Status read field by field with Google.Protobuf as the oracle.
        var input = new CodedInputStream(bytes);
        int code = 0;
        string? message = null;
        Any? detail = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: code = input.ReadInt32(); break;
                case 2: message = input.ReadString(); break;
                case 3: detail = Any.Parser.ParseFrom(input.ReadBytes()); break;
                default: input.SkipLastField(); break;
            }
        }
        Assert.Equal(14, code);
        Assert.Equal("over limit", message);
        Assert.Equal("type.googleapis.com/google.rpc.RetryInfo", detail!.TypeUrl);
        // RetryInfo { Duration retry_delay = 1; }
        var retryInfo = new CodedInputStream(detail.Value.ToByteArray());
        Assert.Equal(1, WireFormat.GetTagFieldNumber(retryInfo.ReadTag()));
        var delay = Duration.Parser.ParseFrom(retryInfo.ReadBytes());
        Assert.Equal(TimeSpan.FromMilliseconds(2500), delay.ToTimeSpan());
    }

    [Fact]
    public void No_delay_means_no_details() => Assert.Null(GrpcRetryInfo.StatusDetails(GrpcStatusCode.Unavailable, "x", null));
}
