using System.Runtime.CompilerServices;

namespace Orrery.Storage.Logs.Blocks;

/// <summary>
/// The keys of a chunk's line bloom filter: every 4-byte window inside a run of word bytes
/// (ASCII letters and digits, and every byte ≥ 0x80 so UTF-8 text counts as words), packed
/// into a <see cref="uint"/>. A substring filter <c>|= "s"</c> can only match a line that holds
/// every such window of <c>s</c>: a window of <c>s</c> lying inside a word run of <c>s</c> lies
/// inside a word run of the line too, whatever surrounds <c>s</c> there. So a chunk whose bloom
/// lacks one of them is skipped without a false negative.
/// </summary>
/// <remarks>
/// Windows made only of hex digits with at least one decimal digit ("4bf9", "2025") are not
/// indexed: random ids and numbers would otherwise dominate the distinct-key count (up to 65,536
/// hex windows a chunk) and make the bloom bigger than the compressed chunk. The rule depends
/// only on the window's bytes, so queries drop the same windows and still never miss a line:
/// a search for a hex id or a number just cannot skip chunks by bloom (the trace index serves
/// trace ids). Words shorter than 4 bytes give no key either.
/// </remarks>
public static class LineGrams
{
    public const int Length = 4;

    private const byte Word = 1;
    private const byte HexDigit = 2;
    private const byte DecimalDigit = 4;

    private static readonly byte[] Classes = BuildClasses();

    /// <summary>Adds the indexed windows of <paramref name="line"/> to <paramref name="grams"/>.</summary>
    public static void Collect(ReadOnlySpan<byte> line, GramSet grams)
    {
        uint window = 0;
        int run = 0, hexRun = 0, sinceDigit = int.MaxValue / 2;
        var classes = Classes;
        for (var i = 0; i < line.Length; i++)
        {
            var b = line[i];
            var c = classes[b];
            if ((c & Word) == 0)
            {
                run = 0;
                hexRun = 0;
                continue;
            }
            window = (window << 8) | b;
            run++;
            hexRun = (c & HexDigit) != 0 ? hexRun + 1 : 0;
            sinceDigit = (c & DecimalDigit) != 0 ? 0 : sinceDigit + 1;
            if (run >= Length && !(hexRun >= Length && sinceDigit < Length)) grams.Add(window);
        }
    }

    /// <summary>
    /// The indexed windows of a required substring, the keys a chunk must hold to possibly contain
    /// it. Empty when the substring gives none (then no chunk can be skipped for it).
    /// </summary>
    public static List<uint> Of(ReadOnlySpan<byte> substring)
    {
        var set = new GramSet(16);
        Collect(substring, set);
        var list = new List<uint>(set.Count);
        set.CopyTo(list);
        return list;
    }

    /// <summary>The bloom key of a window: <see cref="Encodings.BloomFilter"/> wants well-mixed keys.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Key(uint gram) => Encodings.BloomFilter.Mix(0x6C6F6773UL, gram);

    private static byte[] BuildClasses()
    {
        var classes = new byte[256];
        for (var b = 0; b < 256; b++)
        {
            var ch = (char)b;
            byte c = 0;
            if (b >= 0x80 || char.IsAsciiLetterOrDigit(ch)) c |= Word;
            if (char.IsAsciiHexDigit(ch)) c |= HexDigit;
            if (char.IsAsciiDigit(ch)) c |= DecimalDigit;
            classes[b] = c;
        }
        return classes;
    }
}
