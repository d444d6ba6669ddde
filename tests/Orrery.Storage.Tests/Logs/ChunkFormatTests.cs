using System.Text;
using Orrery.Storage.Encodings;
using Orrery.Storage.Logs.Blocks;

namespace Orrery.Storage.Tests.Logs;

public sealed class ChunkFormatTests
{
    [Fact]
    public void A_chunk_round_trips_lines_timestamps_and_metadata_by_name()
    {
        var builder = new ChunkBuilder();
        builder.AddLine(100, "first"u8);
        builder.AddMetadata("trace_id"u8, "4bf92f3577b34da6a3ce929d0e0e4736"u8);
        builder.AddMetadata("level"u8, "info"u8);
        builder.AddLine(100, ""u8);
        builder.AddLine(250, "third, ünïcode"u8);
        builder.AddMetadata("level"u8, ""u8);
        builder.AddMetadata("level"u8, "ignored: a name keeps its first value"u8);
        var output = new ByteBuffer();

        builder.Encode(output, ChunkCompression.Default, 8);
        using var chunk = DecodedChunk.Decode(output.Written);

        Assert.Equal(3, chunk.Count);
        Assert.Equal([100L, 100, 250], Enumerable.Range(0, 3).Select(chunk.Timestamp));
        Assert.Equal(["first", "", "third, ünïcode"], Enumerable.Range(0, 3).Select(i => Encoding.UTF8.GetString(chunk.Line(i))));
        Assert.Equal(["trace_id", "level"], Enumerable.Range(0, chunk.MetadataNameCount).Select(k => Encoding.UTF8.GetString(chunk.MetadataName(k))));
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", Encoding.UTF8.GetString(chunk.MetadataValue(0, 0)));
        Assert.False(chunk.HasMetadata(0, 1));
        Assert.False(chunk.HasMetadata(1, 1));
        Assert.True(chunk.HasMetadata(1, 2));
        Assert.Equal("", Encoding.UTF8.GetString(chunk.MetadataValue(1, 2)));
        Assert.Single(builder.TraceIds);
        Assert.Equal(1, chunk.LowerBound(101) - 1);
    }

    [Fact]
    public void Lines_out_of_time_order_are_refused()
    {
        var builder = new ChunkBuilder();
        builder.AddLine(10, "a"u8);

        Assert.Throws<InvalidOperationException>(() => builder.AddLine(9, "b"u8));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(-1)]
    public void A_damaged_chunk_is_detected(int position)
    {
        var builder = new ChunkBuilder();
        for (var i = 0; i < 100; i++) builder.AddLine(i, Encoding.UTF8.GetBytes($"line {i} of a chunk"));
        var output = new ByteBuffer();
        builder.Encode(output, ChunkCompression.Default, 8);
        var bytes = output.Written.ToArray();
        bytes[position < 0 ? bytes.Length + position : position] ^= 0x40;

        Assert.Throws<InvalidDataException>(() => DecodedChunk.Decode(bytes).Dispose());
    }

    [Theory]
    [InlineData("needle", true)]
    [InlineData("haystackneedles", true)]
    [InlineData("user=bob path=/api", true)]
    [InlineData("4bf92f35", false)]
    [InlineData("2025", false)]
    [InlineData("abc", false)]
    [InlineData("dead beef", true)]
    public void Which_substrings_give_bloom_keys(string substring, bool hasKeys)
    {
        Assert.Equal(hasKeys, LineGrams.Of(Encoding.UTF8.GetBytes(substring)).Count > 0);
    }
}
