using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Orrery.Receive.Otlp.Grpc;

namespace Orrery.Tests.Receive;

public class GrpcFramingTests
{
    private static byte[] Frame(byte flag, byte[] message, int? declaredLength = null)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)(declaredLength ?? message.Length));
        message.CopyTo(frame, 5);
        return frame;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(data);
        return output.ToArray();
    }

    private static HttpRequest Request(byte[] body, string? encoding = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        if (encoding is not null) context.Request.Headers["grpc-encoding"] = encoding;
        return context.Request;
    }

    [Fact]
    public async Task Reads_an_uncompressed_message()
    {
        byte[] message = [1, 2, 3, 4];

        var read = await GrpcMessageReader.ReadAsync(Request(Frame(0, message)), 1024, default);

        Assert.Equal(GrpcStatusCode.Ok, read.Status);
        Assert.Equal(message, read.Message.ToArray());
        read.Owner!.Dispose();
    }

    [Fact]
    public async Task Inflates_a_gzip_message()
    {
        var message = Enumerable.Range(0, 10_000).Select(i => (byte)(i % 7)).ToArray();

        var read = await GrpcMessageReader.ReadAsync(Request(Frame(1, Gzip(message)), "gzip"), 1024 * 1024, default);

        Assert.Equal(GrpcStatusCode.Ok, read.Status);
        Assert.Equal(message, read.Message.ToArray());
        read.Owner!.Dispose();
    }

    [Fact]
    public async Task Refuses_a_gzip_bomb_by_its_inflated_size()
    {
        // 64 MiB of zeros compresses to ~64 KiB: small on the wire, far over the 1 MiB limit inflated.
        var bomb = Gzip(new byte[64 << 20]);

        var read = await GrpcMessageReader.ReadAsync(Request(Frame(1, bomb), "gzip"), 1 << 20, default);

        Assert.Equal(GrpcStatusCode.ResourceExhausted, read.Status);
        Assert.Contains("limit", read.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_an_oversize_uncompressed_message()
    {
        var read = await GrpcMessageReader.ReadAsync(Request(Frame(0, new byte[2000])), 1000, default);

        Assert.Equal(GrpcStatusCode.ResourceExhausted, read.Status);
    }

    public static TheoryData<byte[], string> MalformedFrames() => new()
    {
        { [], "no message" },
        { [0, 0, 0], "truncated" },
        { Frame(2, [1]), "flag" },
        { Frame(0, [1, 2], declaredLength: 10), "truncated" },
        { [.. Frame(0, [1]), .. Frame(0, [2])], "more than one message" },
    };

    [Theory]
    [MemberData(nameof(MalformedFrames))]
    public async Task Malformed_frames_are_invalid_arguments(byte[] body, string expected)
    {
        var read = await GrpcMessageReader.ReadAsync(Request(body), 1024, default);

        Assert.Equal(GrpcStatusCode.InvalidArgument, read.Status);
        Assert.Contains(expected, read.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Corrupt_gzip_is_an_invalid_argument()
    {
        var read = await GrpcMessageReader.ReadAsync(Request(Frame(1, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), "gzip"), 1024, default);

        Assert.Equal(GrpcStatusCode.InvalidArgument, read.Status);
    }

    [Theory]
    [InlineData(null, GrpcStatusCode.Internal)]
    [InlineData("snappy", GrpcStatusCode.Unimplemented)]
    public async Task Compressed_messages_need_a_supported_encoding(string? encoding, GrpcStatusCode expected)
    {
        var read = await GrpcMessageReader.ReadAsync(Request(Frame(1, Gzip([1])), encoding), 1024, default);

        Assert.Equal(expected, read.Status);
    }

    [Fact]
    public void Writes_the_frame_header_big_endian()
    {
        var header = new byte[5];

        GrpcFrame.WriteHeader(header, 0x01020304);

        Assert.Equal(new byte[] { 0, 1, 2, 3, 4 }, header);
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("100% done", "100%25 done")]
    [InlineData("héllo\n", "h%C3%A9llo%0A")]
    public void Percent_encodes_grpc_message(string message, string expected) =>
        Assert.Equal(expected, GrpcResponse.PercentEncode(message));
}
