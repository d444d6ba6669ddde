namespace Orrery.Signals;

/// <summary>Fixed-width lower-case hex for ids; no allocation, no culture.</summary>
public static class Hex
{
    private const string Digits = "0123456789abcdef";

    /// <summary>Writes 16 hex digits. The caller must ensure <c>destination.Length >= 16</c>.</summary>
    public static void Write(ulong value, Span<char> destination)
    {
        for (var i = 15; i >= 0; i--)
        {
            destination[i] = Digits[(int)(value & 0xF)];
            value >>= 4;
        }
    }

    /// <summary>Writes 16 hex digits as UTF-8. The caller must ensure <c>destination.Length >= 16</c>.</summary>
    public static void WriteUtf8(ulong value, Span<byte> destination)
    {
        for (var i = 15; i >= 0; i--)
        {
            destination[i] = (byte)Digits[(int)(value & 0xF)];
            value >>= 4;
        }
    }

    /// <summary>Reads exactly 16 hex digits (either case).</summary>
    public static bool TryRead(ReadOnlySpan<char> hex, out ulong value)
    {
        value = 0;
        if (hex.Length != 16) return false;
        foreach (var c in hex)
        {
            var d = Digit(c);
            if (d < 0) return false;
            value = (value << 4) | (uint)d;
        }
        return true;
    }

    /// <summary>Reads exactly 16 UTF-8 hex digits (either case).</summary>
    public static bool TryRead(ReadOnlySpan<byte> hex, out ulong value)
    {
        value = 0;
        if (hex.Length != 16) return false;
        foreach (var c in hex)
        {
            var d = Digit((char)c);
            if (d < 0) return false;
            value = (value << 4) | (uint)d;
        }
        return true;
    }

    private static int Digit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
