using System.Text;
using Orrery.Signals;

namespace Orrery.Receive.Otlp.Logs;

/// <summary>
/// Turns OTLP attribute names into Loki label names, as Loki does for OTLP (Prometheus'
/// normalization): every character outside <c>[a-zA-Z0-9_]</c> becomes <c>_</c> (one per
/// character, not per byte), and a name starting with a digit gets the prefix <c>key_</c>.
/// </summary>
internal static class LabelNames
{
    /// <summary>True when <paramref name="name"/> is a valid label name as it is.</summary>
    public static bool IsValid(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || IsDigit(name[0])) return false;
        foreach (var c in name)
        {
            if (!IsNameByte(c)) return false;
        }
        return true;
    }

    /// <summary>The normalized form of <paramref name="name"/>, appended to <paramref name="arena"/> unless it is valid already.</summary>
    public static Utf8Ref Normalize(ByteArena arena, Utf8Ref name)
    {
        var bytes = arena.Get(name);
        return IsValid(bytes) || bytes.IsEmpty ? name : AppendNormalized(arena, bytes);
    }

    /// <summary>Appends the normalized form of <paramref name="name"/> (which may point into the arena).</summary>
    public static Utf8Ref AppendNormalized(ByteArena arena, ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty) return default;
        var prefix = IsDigit(name[0]) ? "key_"u8 : default;
        // One output byte per input byte at most, so the input length (plus prefix) is enough room.
        var room = arena.Reserve(prefix.Length + name.Length, out var reference);
        prefix.CopyTo(room);
        var n = prefix.Length;
        foreach (var c in name)
        {
            if (IsNameByte(c)) room[n++] = c;
            else if (c < 0x80 || c >= 0xC0) room[n++] = (byte)'_'; // ASCII or the first byte of a character
        }
        arena.Truncate(reference.Offset + n);
        return new Utf8Ref(reference.Offset, n);
    }

    public static string Normalize(string name)
    {
        var arena = new ByteArena(Encoding.UTF8.GetMaxByteCount(name.Length) + 8);
        return arena.GetString(AppendNormalized(arena, Encoding.UTF8.GetBytes(name)));
    }

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static bool IsNameByte(byte c) => c is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'_';
}
