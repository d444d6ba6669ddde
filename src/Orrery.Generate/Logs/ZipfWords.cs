namespace Orrery.Generate.Logs;

/// <summary>
/// A vocabulary of made-up user names drawn with Zipf's law (rank k with weight 1/k): a few
/// names fill many lines, most appear a handful of times, and over a few million lines many
/// appear in exactly one, as real user names, order ids and error codes do. Those are the rare
/// words a log search benchmark needs; the other parts of a generated line come from small
/// vocabularies. Every name is eight lower-case letters, so no name is a substring of another.
/// </summary>
/// <remarks>
/// Letters come from the whole alphabet, as real names' do: an earlier vocabulary of
/// consonant-vowel syllables had only ~10,000 distinct 4-letter windows, which a chunk of a few
/// thousand names nearly all holds, so no window bloom could rule a chunk out for any name.
/// </remarks>
public static class ZipfWords
{
    public const int Size = 250_000;

    public const int Length = 8;

    // 26^8; 1,000,003 is prime and neither 2 nor 13, so rank × it mod 26^8 is a bijection.
    private const long Space = 208_827_064_576;
    private const long Scramble = 1_000_003;

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

    /// <summary>The name of rank <paramref name="rank"/>, written into <paramref name="destination"/> (<see cref="Length"/> bytes).</summary>
    public static void Write(int rank, Span<byte> destination)
    {
        var n = rank * Scramble % Space;
        for (var i = 0; i < Length; i++)
        {
            destination[i] = (byte)('a' + n % 26);
            n /= 26;
        }
    }
}
