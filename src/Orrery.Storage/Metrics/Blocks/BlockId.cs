using System.Security.Cryptography;

namespace Orrery.Storage.Metrics.Blocks;

/// <summary>
/// Block ids are ULIDs, as Prometheus names its blocks: 48 bits of creation time in ms, 80 random
/// bits, 26 Crockford base32 characters; their string order is their creation order.
/// </summary>
internal static class BlockId
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        UInt128 value = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() & 0xFFFF_FFFF_FFFF;
        foreach (var b in random) value = (value << 8) | b;
        Span<char> chars = stackalloc char[26];
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }
        return new string(chars);
    }

    /// <summary>True for a name <see cref="New"/> could have made: 26 characters of the alphabet.</summary>
    public static bool IsBlockId(string name) => name.Length == 26 && name.AsSpan().IndexOfAnyExcept(Alphabet) < 0;
}
