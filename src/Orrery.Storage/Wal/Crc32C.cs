using System.Numerics;
using System.Runtime.InteropServices;

namespace Orrery.Storage.Wal;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of every WAL record. <see cref="BitOperations.Crc32C(uint, ulong)"/>
/// is the raw hardware step (SSE4.2 / ARMv8 CRC), so this adds the standard pre/post inversion.
/// </summary>
public static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(~0u, data);

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        // 8 bytes per step; the step reads them little-endian, which matches byte order on every
        // platform .NET runs on, so the result equals the byte-at-a-time definition.
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (var w in words) crc = BitOperations.Crc32C(crc, w);
        foreach (var b in data[(words.Length * sizeof(ulong))..]) crc = BitOperations.Crc32C(crc, b);
        return crc;
    }
}
