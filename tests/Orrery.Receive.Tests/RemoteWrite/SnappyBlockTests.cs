using System.Text;
using Orrery.Receive.RemoteWrite;

namespace Orrery.Receive.Tests.RemoteWrite;

/// <summary>The hand-written snappy block decoder against IronSnappy's encoder (the oracle), and corrupt blocks.</summary>
public class SnappyBlockTests
{
    public static TheoryData<string> Inputs => new()
    {
        "empty",
        "one byte",
        "15 random",
        "16 random",
        "17 random",
        "100 KB random (long literals)",
        "a run of one byte (copies overlapping by 1)",
        "a run of a 3-byte pattern (overlap shorter than 16)",
        "a run of a 20-byte pattern (copies of 16+ bytes, no overlap)",
        "remote-write-like label text",
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Decodes_what_snappy_encodes(string input)
    {
        var original = Make(input);
        var block = IronSnappy.Snappy.Encode(original);

        Assert.True(SnappyBlock.TryReadDecodedLength(block, out var length));
        Assert.Equal((ulong)original.Length, length);
        var destination = new byte[length];
        Assert.True(SnappyBlock.TryDecode(block, destination));
        Assert.Equal(original, destination);
        Assert.Equal(original, SnappyBlock.TryDecode(block));
    }

    [Fact]
    public void Decodes_elements_the_encoder_rarely_emits()
    {
        // length 10; literal "abcd" with a 1-byte extended length (tag 60<<2, then length-1 = 3);
        // a copy with a 4-byte offset (tag 0b11, length-1 = 5 → 6 bytes, offset 4), overlapping.
        byte[] block = [10, 60 << 2, 3, (byte)'a', (byte)'b', (byte)'c', (byte)'d', (5 << 2) | 3, 4, 0, 0, 0];

        var destination = new byte[10];

        Assert.True(SnappyBlock.TryDecode(block, destination));
        Assert.Equal("abcdabcdab", Encoding.ASCII.GetString(destination));
    }

    [Theory]
    [InlineData(new byte[] { 4, 3 << 2, (byte)'a' }, "a literal longer than the block")]
    [InlineData(new byte[] { 4, 0, (byte)'a', 1 }, "a copy cut short")]
    [InlineData(new byte[] { 5, 0, (byte)'a', 1, 2 }, "a copy from before the start")]
    [InlineData(new byte[] { 5, 0, (byte)'a', 1, 0 }, "a copy at offset 0")]
    [InlineData(new byte[] { 3, 0, (byte)'a' }, "elements that do not fill the announced length")]
    [InlineData(new byte[] { 1, 4, (byte)'a', (byte)'b' }, "elements past the announced length")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, "a preamble past 32 bits")]
    public void Corrupt_blocks_are_refused(byte[] block, string why)
    {
        var announced = SnappyBlock.TryReadDecodedLength(block, out var length) ? (int)Math.Min(length, 64) : 0;

        Assert.False(SnappyBlock.TryDecode(block, new byte[announced]), why);
        Assert.Null(SnappyBlock.TryDecode(block));
    }

    [Fact]
    public void A_destination_of_another_length_than_announced_is_refused()
    {
        var block = IronSnappy.Snappy.Encode(Encoding.ASCII.GetBytes("hello, hello, hello"));

        Assert.False(SnappyBlock.TryDecode(block, new byte[18]));
        Assert.False(SnappyBlock.TryDecode(block, new byte[20]));
    }

    private static byte[] Make(string input)
    {
        var random = new Random(7);
        byte[] Random(int n)
        {
            var bytes = new byte[n];
            random.NextBytes(bytes);
            return bytes;
        }
        byte[] Repeat(string pattern, int n) => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(pattern, n)));
        return input switch
        {
            "empty" => [],
            "one byte" => [42],
            "15 random" => Random(15),
            "16 random" => Random(16),
            "17 random" => Random(17),
            "100 KB random (long literals)" => Random(100_000),
            "a run of one byte (copies overlapping by 1)" => Repeat("x", 5_000),
            "a run of a 3-byte pattern (overlap shorter than 16)" => Repeat("abc", 2_000),
            "a run of a 20-byte pattern (copies of 16+ bytes, no overlap)" => Repeat("0123456789abcdefghij", 500),
            _ => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 500).Select(i =>
                $"__name__orrery_gen_http_requests_total instance orrery-gen-{i % 8}:91{i % 13:00} job orrery-gen le {i % 11}.5 series_id {i * 7919} ✓"))),
        };
    }
}
