using Orrery.Storage.Encodings;

namespace Orrery.Storage.Tests.Blocks;

public sealed class EncodingTests
{
    [Theory]
    [InlineData(0UL, 1)]
    [InlineData(127UL, 1)]
    [InlineData(128UL, 2)]
    [InlineData(16_383UL, 2)]
    [InlineData(16_384UL, 3)]
    [InlineData(ulong.MaxValue, 10)]
    public void Varints_round_trip_with_the_expected_length(ulong value, int length)
    {
        var b = new ByteBuffer();
        b.WriteVarUInt(value);

        var r = new ByteReader(b.Written);

        Assert.Equal(length, b.Length);
        Assert.Equal(length, VarInt.Length(value));
        Assert.Equal(value, r.ReadVarUInt());
        Assert.True(r.End);
    }

    [Theory]
    [InlineData(0L, 0UL)]
    [InlineData(-1L, 1UL)]
    [InlineData(1L, 2UL)]
    [InlineData(-2L, 3UL)]
    [InlineData(long.MaxValue, ulong.MaxValue - 1)]
    [InlineData(long.MinValue, ulong.MaxValue)]
    public void Zigzag_maps_small_magnitudes_to_small_numbers(long value, ulong expected)
    {
        Assert.Equal(expected, VarInt.ZigZag(value));
        Assert.Equal(value, VarInt.UnZigZag(expected));
    }

    [Fact]
    public void Reading_past_the_end_is_invalid_data()
    {
        var b = new ByteBuffer();
        b.WriteVarUInt(300);

        Assert.Throws<InvalidDataException>(() => new ByteReader(b.Written[..1]).ReadVarUInt());
        Assert.Throws<InvalidDataException>(() => new ByteReader(b.Written).Take(3));
    }

    [Fact]
    public void Crc32C_matches_the_standard_check_value()
    {
        // The check value of CRC-32C over "123456789" (RFC 3720, appendix B.4 catalogue).
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(Crc32C.Compute("123456789"u8), Crc32C.Append(Crc32C.Compute("1234"u8), "56789"u8));
    }

    [Fact]
    public void Bloom_filter_has_no_false_negatives_and_about_one_percent_false_positives()
    {
        var bloom = BloomFilter.Create(10_000);
        for (ulong i = 0; i < 10_000; i++) bloom.Add(BloomFilter.Mix(i, i * 31));

        for (ulong i = 0; i < 10_000; i++) Assert.True(bloom.MayContain(BloomFilter.Mix(i, i * 31)));
        var falsePositives = 0;
        for (ulong i = 10_000; i < 110_000; i++)
        {
            if (bloom.MayContain(BloomFilter.Mix(i, i * 31))) falsePositives++;
        }
        Assert.InRange(falsePositives / 100_000.0, 0, 0.02);
    }

    [Fact]
    public void Interner_gives_each_distinct_string_one_id()
    {
        var interner = new Utf8Interner();
        for (var i = 0; i < 1000; i++) Assert.Equal(i, interner.Intern(System.Text.Encoding.UTF8.GetBytes($"s{i}")));

        Assert.Equal(500, interner.Intern("s500"u8));
        Assert.Equal(-1, interner.Find("missing"u8));
        Assert.Equal(1000, interner.Count);
        Assert.True(interner[42].SequenceEqual("s42"u8));
    }
}
