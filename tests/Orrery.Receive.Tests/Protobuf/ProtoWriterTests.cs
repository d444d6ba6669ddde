using Google.Protobuf;
using Orrery.Signals.Protobuf;

namespace Orrery.Receive.Tests.Protobuf;

public class ProtoWriterTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(16_383)]
    [InlineData(16_384)]
    [InlineData(300_000)]
    public void Nested_lengths_are_backfilled_canonically(int contentLength)
    {
        // A message of the given size inside another one: the one reserved length byte grows
        // into as many as the length needs, and the outer length accounts for it.
        var content = Enumerable.Range(0, contentLength).Select(i => (byte)i).ToArray();
        using var writer = new ProtoWriter(16);
        var outer = writer.BeginMessage(1);
        writer.WriteVarintField(2, 5);
        var inner = writer.BeginMessage(3);
        writer.WriteRaw(content);
        writer.EndMessage(inner);
        writer.WriteFixed32Field(4, 7);
        writer.EndMessage(outer);

        var expected = Encode(o =>
        {
            var body = Encode(b =>
            {
                b.WriteTag(2, WireFormat.WireType.Varint);
                b.WriteUInt64(5);
                b.WriteTag(3, WireFormat.WireType.LengthDelimited);
                b.WriteBytes(ByteString.CopyFrom(content));
                b.WriteTag(4, WireFormat.WireType.Fixed32);
                b.WriteFixed32(7);
            });
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(body));
        });
        Assert.Equal(expected, writer.ToArray());
    }

    [Fact]
    public void Scalar_fields_match_google()
    {
        using var writer = new ProtoWriter();
        writer.WriteInt64Field(1, -1);
        writer.WriteBoolField(2, true);
        writer.WriteDoubleField(3, double.NaN);
        writer.WriteFixed64Field(4, ulong.MaxValue);
        writer.WriteStringField(5, "héllo 🚀");
        writer.WriteBytesField(6, []);

        var expected = Encode(o =>
        {
            o.WriteTag(1, WireFormat.WireType.Varint);
            o.WriteInt64(-1);
            o.WriteTag(2, WireFormat.WireType.Varint);
            o.WriteBool(true);
            o.WriteTag(3, WireFormat.WireType.Fixed64);
            o.WriteDouble(double.NaN);
            o.WriteTag(4, WireFormat.WireType.Fixed64);
            o.WriteFixed64(ulong.MaxValue);
            o.WriteTag(5, WireFormat.WireType.LengthDelimited);
            o.WriteString("héllo 🚀");
            o.WriteTag(6, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.Empty);
        });
        Assert.Equal(expected, writer.ToArray());
    }

    [Theory]
    [InlineData(0UL, 1)]
    [InlineData(127UL, 1)]
    [InlineData(128UL, 2)]
    [InlineData(ulong.MaxValue, 10)]
    public void Varint_size(ulong value, int size) => Assert.Equal(size, ProtoWriter.VarintSize(value));

    private static byte[] Encode(Action<CodedOutputStream> write)
    {
        var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        write(output);
        output.Flush();
        return stream.ToArray();
    }
}
