using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Orrery.Storage.Logs.Blocks;

/// <summary>
/// The keys of a chunk's id filter: long runs of hex digits and dashes (trace, span, request and
/// user ids, UUIDs), which the 4-byte window bloom (<see cref="LineGrams"/>) leaves out. A run of
/// at least <see cref="MinLength"/> bytes is <em>winnowed</em>: of every <see cref="Window"/>
/// consecutive 8-byte grams the one with the smallest hash is kept (all of them on a tie), so a
/// 16-byte run gives one key and a 32-hex trace id about four, instead of one key per gram.
/// </summary>
/// <remarks>
/// No false negatives for substrings, not only whole tokens: a run of <c>s</c> of length ≥ 16
/// lies inside a run of any line containing <c>s</c> (a run ends only at a byte outside the
/// class, and <c>s</c>'s bytes are the line's). Every <see cref="Window"/> consecutive grams of
/// <c>s</c>'s run are consecutive grams of the line's run, and the line kept their minimum; the
/// query asks for exactly those minima. So a search for a whole id, or for 16 bytes from the
/// middle of one, skips every chunk lacking a key, and the filter never has to guess where the
/// line's token began. Shorter runs give no key (the scan serves them).
/// </remarks>
public static class IdTokens
{
    /// <summary>Shortest run indexed, and shortest run of a search literal that can use the filter.</summary>
    public const int MinLength = 16;

    public const int GramLength = 8;

    /// <summary>Grams per winnowing window: every run of <see cref="MinLength"/> bytes holds exactly one window.</summary>
    public const int Window = MinLength - GramLength + 1;

    private static readonly SearchValues<byte> IdBytes = SearchValues.Create("0123456789abcdefABCDEF-"u8);

    /// <summary>Adds the keys of <paramref name="line"/>'s runs to <paramref name="keys"/>.</summary>
    public static void Collect(ReadOnlySpan<byte> line, IdKeySet keys)
    {
        var at = 0;
        while (at <= line.Length - MinLength)
        {
            var start = line[at..].IndexOfAny(IdBytes);
            if (start < 0) return;
            start += at;
            var length = line[start..].IndexOfAnyExcept(IdBytes);
            if (length < 0) length = line.Length - start;
            if (length >= MinLength) Winnow(line.Slice(start, length), keys);
            at = start + length + 1;
        }
    }

    /// <summary>
    /// The keys a chunk's id filter must hold for a line of it to contain <paramref name="substring"/>;
    /// empty when the substring has no run of <see cref="MinLength"/> id bytes.
    /// </summary>
    public static List<ulong> Of(ReadOnlySpan<byte> substring)
    {
        var set = new IdKeySet(16);
        Collect(substring, set);
        var list = new List<ulong>(set.Count);
        set.CopyTo(list);
        return list;
    }

    /// <summary>The key of the 8-byte gram at the start of <paramref name="gram"/>: a mix of its bytes, never 0 (the set's empty slot).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Key(ReadOnlySpan<byte> gram)
    {
        var key = Encodings.BloomFilter.Mix(0x69645F746F6B656EUL, BinaryPrimitives.ReadUInt64LittleEndian(gram));
        return key == 0 ? 1 : key;
    }

    private static void Winnow(ReadOnlySpan<byte> run, IdKeySet keys)
    {
        var grams = run.Length - GramLength + 1;
        // Ids are short; a stack buffer covers runs up to 256 bytes, the rest rent.
        ulong[]? rented = null;
        var hashes = grams <= 249 ? stackalloc ulong[grams] : (rented = ArrayPool<ulong>.Shared.Rent(grams)).AsSpan(0, grams);
        for (var i = 0; i < grams; i++) hashes[i] = Key(run[i..]);
        for (var w = 0; w + Window <= grams; w++)
        {
            var window = hashes.Slice(w, Window);
            var min = ulong.MaxValue;
            foreach (var h in window) min = Math.Min(min, h);
            // Every gram at the minimum is kept (the set drops repeats), so a query's choice among ties is always present.
            foreach (var h in window)
            {
                if (h == min) keys.Add(h);
            }
        }
        if (rented is not null) ArrayPool<ulong>.Shared.Return(rented);
    }
}
