using Google.Protobuf;
using Orrery.Signals.Protobuf;

namespace Orrery.Receive.Tests.Protobuf;

public class ProtoReaderTests
{
    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(127UL)]
    [InlineData(128UL)]
    [InlineData(300UL)]
    [InlineData(16_383UL)]
    [InlineData(16_384UL)]
    [InlineData(uint.MaxValue)]
    [InlineData(ulong.MaxValue)]
    [InlineData(1UL << 63)]
    public void Reads_varints_as_google_writes_them(ulong value)
    {
        var bytes = Encode(o => o.WriteUInt64(value));
        var reader = new ProtoReader(bytes);
        Assert.Equal(value, reader.ReadVarint64());
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void Reads_negative_int32_written_as_ten_bytes()
    {
        var bytes = Encode(o => o.WriteInt32(-5));
        Assert.Equal(10, bytes.Length);
        var reader = new ProtoReader(bytes);
        Assert.Equal(-5, (int)reader.ReadVarint32());
    }

    [Fact]
    public void Reads_fixed_width_values_little_endian()
    {
        var bytes = Encode(o =>
        {
            o.WriteFixed32(0xDEADBEEF);
            o.WriteFixed64(0x0102030405060708);
            o.WriteDouble(-2.5);
        });
        var reader = new ProtoReader(bytes);
        Assert.Equal(0xDEADBEEFu, reader.ReadFixed32());
        Assert.Equal(0x0102030405060708UL, reader.ReadFixed64());
        Assert.Equal(-2.5, reader.ReadDouble());
    }

    [Fact]
    public void Nested_readers_report_offsets_from_the_outer_payload()
    {
        // field 1 { field 2 { truncated varint } }
        byte[] bytes = [0x0A, 0x03, 0x12, 0x01, 0x80];
        var outer = new ProtoReader(bytes);
        Assert.True(outer.TryReadTag(out var tag));
        Assert.Equal(ProtoTag.Make(1, WireType.LengthDelimited), tag);
        var middle = outer.ReadMessage();
        Assert.True(middle.TryReadTag(out _));
        var inner = middle.ReadMessage();
        Assert.Equal(4, inner.Offset);
        var e = Assert.Throws<ProtobufFormatException>(() =>
        {
            var r = new ProtoReader(bytes.AsSpan(4).ToArray(), 4);
            r.ReadVarint64();
        });
        Assert.Equal(4, e.Offset);
        Assert.Equal("truncated varint at byte 4", e.Message);
    }

    [Fact]
    public void Skips_every_wire_type()
    {
        var bytes = Encode(o =>
        {
            o.WriteTag(1, WireFormat.WireType.Varint);
            o.WriteUInt64(ulong.MaxValue);
            o.WriteTag(2, WireFormat.WireType.Fixed64);
            o.WriteFixed64(7);
            o.WriteTag(3, WireFormat.WireType.LengthDelimited);
            o.WriteString("skip me");
            o.WriteTag(4, WireFormat.WireType.StartGroup);
            o.WriteTag(5, WireFormat.WireType.StartGroup); // nested group
            o.WriteTag(1, WireFormat.WireType.Fixed32);
            o.WriteFixed32(1);
            o.WriteTag(5, WireFormat.WireType.EndGroup);
            o.WriteTag(4, WireFormat.WireType.EndGroup);
            o.WriteTag(6, WireFormat.WireType.Fixed32);
            o.WriteFixed32(9);
            o.WriteTag(7, WireFormat.WireType.Varint);
            o.WriteUInt64(42);
        });
        var reader = new ProtoReader(bytes);
        uint tag;
        foreach (var field in new[] { 1, 2, 3, 4, 6 })
        {
            Assert.True(reader.TryReadTag(out tag));
            Assert.Equal(field, ProtoTag.FieldNumber(tag));
            reader.SkipField(tag);
        }
        Assert.True(reader.TryReadTag(out tag));
        Assert.Equal(7, ProtoTag.FieldNumber(tag));
        Assert.Equal(42UL, reader.ReadVarint64());
        Assert.False(reader.TryReadTag(out _));
    }

    [Fact]
    public void A_group_closed_by_another_field_is_an_error()
    {
        byte[] bytes = [0x0B, 0x14]; // start group 1, end group 2
        var e = Assert.Throws<ProtobufFormatException>(() =>
        {
            var reader = new ProtoReader(bytes);
            reader.TryReadTag(out var tag);
            reader.SkipField(tag);
        });
        Assert.Equal("end-group tag for field 2 closes group 1 at byte 2", e.Message);
    }

    [Fact]
    public void A_tag_beyond_32_bits_is_an_error()
    {
        byte[] bytes = [0xFF, 0xFF, 0xFF, 0xFF, 0x7F];
        var e = Assert.Throws<ProtobufFormatException>(() =>
        {
            var reader = new ProtoReader(bytes);
            reader.TryReadTag(out _);
        });
        Assert.Equal("tag varint exceeds 32 bits at byte 0", e.Message);
    }

    [Fact]
    public void A_length_past_the_end_is_an_error_even_when_huge()
    {
        var bytes = Encode(o => o.WriteUInt64(ulong.MaxValue));
        var e = Assert.Throws<ProtobufFormatException>(() =>
        {
            var reader = new ProtoReader(bytes);
            reader.ReadBytes();
        });
        Assert.Equal($"length {ulong.MaxValue} exceeds the 0 bytes left in the enclosing message at byte 0", e.Message);
    }

    private static byte[] Encode(Action<CodedOutputStream> write)
    {
        var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        write(output);
        output.Flush();
        return stream.ToArray();
    }
}
