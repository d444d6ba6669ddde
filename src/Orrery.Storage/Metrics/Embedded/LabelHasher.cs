using System.Buffers.Binary;
using System.Numerics;
using Orrery.Signals;
using Orrery.Signals.Labels;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// The 64-bit identity hash of a series' label bytes, computed straight from a batch's arena
/// (no string per label) and, identically, from strings when a series is restored. The head
/// looks known series up by it; a match is confirmed by comparing the labels, so a collision
/// costs a comparison, never a wrong series.
/// </summary>
internal static class LabelHasher
{
    private const ulong Prime = 0x9E3779B97F4A7C15;

    public static ulong Hash(ByteArena bytes, ReadOnlySpan<LabelRow> labels)
    {
        var h = (ulong)labels.Length * Prime;
        foreach (ref readonly var label in labels)
        {
            h = Mix(h, bytes.Get(label.Name));
            h = Mix(h, bytes.Get(label.Value));
        }
        return Finish(h);
    }

    public static ulong Hash(ReadOnlySpan<(string Name, string Value)> labels)
    {
        Span<byte> scratch = stackalloc byte[256];
        var h = (ulong)labels.Length * Prime;
        foreach (var (name, value) in labels)
        {
            h = Mix(h, Utf8(name, scratch));
            h = Mix(h, Utf8(value, scratch));
        }
        return Finish(h);
    }

    /// <summary>True when the batch labels equal the series' (both sorted by name, so pairwise).</summary>
    public static bool Equal(ByteArena bytes, ReadOnlySpan<LabelRow> labels, SymbolPairs symbolPairs, SymbolTable symbols)
    {
        if (labels.Length * 2 != symbolPairs.Length) return false;
        for (var i = 0; i < labels.Length; i++)
        {
            if (!SameText(bytes.Get(labels[i].Name), symbols[symbolPairs[2 * i]])) return false;
            if (!SameText(bytes.Get(labels[i].Value), symbols[symbolPairs[(2 * i) + 1]])) return false;
        }
        return true;
    }

    /// <summary>
    /// Label text is nearly always ASCII, which the vectorised comparison settles alone. Text with
    /// other characters is longer in UTF-8 than in UTF-16, so only then is the full comparison needed.
    /// </summary>
    private static bool SameText(ReadOnlySpan<byte> utf8, string value) =>
        System.Text.Ascii.Equals(utf8, value) || (utf8.Length > value.Length && SymbolTable.Utf8Equals(utf8, value));

    private static ReadOnlySpan<byte> Utf8(string s, Span<byte> scratch)
    {
        var max = System.Text.Encoding.UTF8.GetMaxByteCount(s.Length);
        var buffer = max <= scratch.Length ? scratch : new byte[max];
        var n = System.Text.Encoding.UTF8.GetBytes(s, buffer);
        return buffer[..n];
    }

    /// <summary>
    /// Multiply-rotate over 8-byte words, the tail as one word, then the length: the length
    /// separates "ab"+"c" from "a"+"bc".
    /// </summary>
    private static ulong Mix(ulong h, ReadOnlySpan<byte> value)
    {
        var i = 0;
        for (; i + 8 <= value.Length; i += 8)
        {
            h = BitOperations.RotateLeft((h ^ BinaryPrimitives.ReadUInt64LittleEndian(value[i..])) * Prime, 29);
        }
        ulong tail = 0;
        for (var j = i; j < value.Length; j++) tail = (tail << 8) | value[j];
        h = BitOperations.RotateLeft((h ^ tail) * Prime, 29);
        return BitOperations.RotateLeft((h ^ (ulong)value.Length) * Prime, 29);
    }

    private static ulong Finish(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCD;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53;
        h ^= h >> 33;
        return h;
    }
}
