using System.Numerics;

namespace Orrery.Storage.Encodings;

/// <summary>
/// A Bloom filter over 64-bit keys: "certainly absent" or "maybe present". Sized at
/// <see cref="BitsPerKey"/> bits per key with <see cref="HashCount"/> probes, which gives a false
/// positive rate of about 1% (the optimum for 9.6 bits/key is k = 9.6 · ln 2 ≈ 7, rate ≈ 0.6185^9.6).
/// </summary>
/// <remarks>
/// Callers pass keys that are already well mixed (see <see cref="Mix"/>); the probes are
/// h1 + i·h2 (Kirsch–Mitzenmacher double hashing), which keeps the false positive rate of k
/// independent hashes at the cost of one.
/// </remarks>
public sealed class BloomFilter
{
    public const int BitsPerKey = 10;
    public const int HashCount = 7;

    private readonly ulong[] _words;
    private readonly ulong _bitCount;

    private BloomFilter(ulong[] words)
    {
        _words = words;
        _bitCount = (ulong)words.Length * 64;
    }

    public static BloomFilter Create(int expectedKeys)
    {
        var bits = Math.Max(64L, (long)expectedKeys * BitsPerKey);
        return new BloomFilter(new ulong[(bits + 63) / 64]);
    }

    /// <summary>Rebuilds a filter from the words <see cref="CopyTo"/> wrote.</summary>
    public static BloomFilter FromWords(ulong[] words) =>
        words.Length == 0 ? throw new InvalidDataException("empty bloom filter") : new BloomFilter(words);

    public int WordCount => _words.Length;

    public ReadOnlySpan<ulong> Words => _words;

    public void Add(ulong key)
    {
        var (h1, h2) = Split(key);
        for (var i = 0; i < HashCount; i++)
        {
            var bit = (h1 + (ulong)i * h2) % _bitCount;
            _words[bit >> 6] |= 1UL << (int)(bit & 63);
        }
    }

    public bool MayContain(ulong key)
    {
        var (h1, h2) = Split(key);
        for (var i = 0; i < HashCount; i++)
        {
            var bit = (h1 + (ulong)i * h2) % _bitCount;
            if ((_words[bit >> 6] & (1UL << (int)(bit & 63))) == 0) return false;
        }
        return true;
    }

    /// <summary>
    /// A 64-bit finaliser (SplitMix64's) combining two words, so keys that are not uniformly
    /// random (e.g. trace ids with a zero high half) still spread over the filter.
    /// </summary>
    public static ulong Mix(ulong high, ulong low)
    {
        var z = high ^ BitOperations.RotateLeft(low, 29) ^ 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return z + low * 0xD6E8FEB86659FD93UL;
    }

    private static (ulong, ulong) Split(ulong key)
    {
        var h2 = BitOperations.RotateLeft(key, 32) | 1;
        return (key, h2);
    }
}
