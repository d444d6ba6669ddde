namespace Orrery.Generate.Logs;

/// <summary>
/// A vocabulary of made-up user names drawn with Zipf's law (rank k with weight 1/k): a few
/// names fill many lines, most appear a handful of times, and over a few million lines many
/// appear in exactly one, as real user names, order ids and error codes do. Those are the rare
/// words a log search benchmark needs; the other parts of a generated line come from small
/// vocabularies. Every name is six letters (three consonant-vowel syllables), so no name is a
/// substring of another.
/// </summary>
public static class ZipfWords
{
    /// <summary>Distinct names: 14 consonants × 5 vowels, three syllables, 343,000 possible.</summary>
    public const int Size = 250_000;

    private const string Consonants = "bdfgklmnprstvz";
    private const string Vowels = "aeiou";

    // One table for every worker: the cumulative weights of ranks 1..Size.
    private static readonly Lazy<double[]> Cumulative = new(() =>
    {
        var c = new double[Size];
        var sum = 0.0;
        for (var k = 0; k < Size; k++) c[k] = sum += 1.0 / (k + 1);
        for (var k = 0; k < Size; k++) c[k] /= sum;
        return c;
    });

    /// <summary>A rank drawn with Zipf's law (0 is the most frequent).</summary>
    public static int Draw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var index = Array.BinarySearch(Cumulative.Value, random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, Size - 1);
    }

    /// <summary>The name of rank <paramref name="rank"/>, written into <paramref name="destination"/> (six bytes).</summary>
    public static void Write(int rank, Span<byte> destination)
    {
        // Ranks are scrambled so frequent names do not all start with the same syllable.
        var n = (int)((long)rank * 7919 % 343_000); // 7919 is prime to 343,000 = 2³·5³·7³: a bijection
        for (var s = 0; s < 3; s++)
        {
            var syllable = n % 70;
            n /= 70;
            destination[2 * s] = (byte)Consonants[syllable / 5];
            destination[2 * s + 1] = (byte)Vowels[syllable % 5];
        }
    }
}
