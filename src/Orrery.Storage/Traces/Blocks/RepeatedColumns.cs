namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// The decoded bytes of recently seen tiny compressed columns. Many columns repeat one value on
/// every span of a page (flags, trace states, dropped counts, event and link counts are zero on
/// most spans), compress to a few bytes, and are byte for byte the same on every page; starting
/// a Brotli decoder for each costs more than assembling the trace a search wants from the page.
/// Decoding is a function of the stored bytes, so a hit is exact. A small direct-mapped table of
/// immutable entries, replaced whole: threads never see a half-written entry, and a lost race
/// only costs one more decode.
/// </summary>
internal static class RepeatedColumns
{
    /// <summary>Only columns this small when stored, and this small decoded, are kept.</summary>
    public const int MaxStoredLength = 64;
    public const int MaxDecodedLength = 8192;

    private const int Slots = 256;
    private static readonly Entry?[] Table = new Entry?[Slots];

    /// <summary>Decodes <paramref name="stored"/> into <paramref name="destination"/>, from the table when it was seen before.</summary>
    public static void Decode(ReadOnlySpan<byte> stored, byte codec, Span<byte> destination)
    {
        if (codec == PageWriter.CodecRaw || stored.Length > MaxStoredLength || destination.Length > MaxDecodedLength)
        {
            ColumnCodec.Decode(stored, codec, destination);
            return;
        }
        var hash = new HashCode();
        hash.AddBytes(stored);
        hash.Add(codec);
        hash.Add(destination.Length);
        var slot = (int)((uint)hash.ToHashCode() % Slots);
        var entry = Volatile.Read(ref Table[slot]);
        if (entry is not null && entry.Codec == codec && entry.Decoded.Length == destination.Length && stored.SequenceEqual(entry.Stored))
        {
            entry.Decoded.CopyTo(destination);
            return;
        }
        ColumnCodec.Decode(stored, codec, destination);
        Volatile.Write(ref Table[slot], new Entry(stored.ToArray(), codec, destination.ToArray()));
    }

    private sealed record Entry(byte[] Stored, byte Codec, byte[] Decoded);
}
