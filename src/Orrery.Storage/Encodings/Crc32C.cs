using System.Buffers.Binary;
using System.Numerics;

namespace Orrery.Storage.Encodings;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of iSCSI, ext4 and LevelDB/RocksDB blocks. It detects every
/// burst error up to 32 bits, and <see cref="BitOperations.Crc32C(uint, ulong)"/> runs on the
/// CPU's CRC instruction (SSE4.2 / ARMv8), so checking a page costs far less than decompressing it.
/// </summary>
public static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues a checksum over more data: <c>Append(Compute(a), b) == Compute(a + b)</c>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var c = ~crc;
        while (data.Length >= 8)
        {
            c = BitOperations.Crc32C(c, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (var b in data) c = BitOperations.Crc32C(c, b);
        return ~c;
    }
}
