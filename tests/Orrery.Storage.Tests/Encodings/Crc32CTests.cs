using System.Text;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Tests.Encodings;

public class Crc32CTests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("123456789", 0xE3069283u)] // the CRC-32C check value (RFC 3720, iSCSI)
    [InlineData("a", 0xC1D04330u)]
    public void Matches_the_standard_check_values(string text, uint expected) =>
        Assert.Equal(expected, Crc32C.Compute(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Word_steps_equal_byte_steps_for_every_length()
    {
        var data = Enumerable.Range(0, 40).Select(i => (byte)(i * 37 + 11)).ToArray();
        for (var length = 0; length <= data.Length; length++)
        {
            uint bytewise = ~0u;
            foreach (var b in data.AsSpan(0, length)) bytewise = System.Numerics.BitOperations.Crc32C(bytewise, b);
            Assert.Equal(~bytewise, Crc32C.Compute(data.AsSpan(0, length)));
        }
    }
}
