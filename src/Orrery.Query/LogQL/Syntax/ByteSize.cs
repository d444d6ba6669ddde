using System.Globalization;

namespace Orrery.Query.LogQL.Syntax;

/// <summary>
/// Byte sizes as LogQL writes them (<c>10KB</c>, <c>1.5MiB</c>, <c>42b</c>): SI units are powers
/// of 1000 and IEC units powers of 1024, as go-humanize's ParseBytes reads them.
/// </summary>
public static class ByteSize
{
    public static bool TryParse(ReadOnlySpan<char> text, out double bytes)
    {
        bytes = 0;
        text = text.Trim();
        var digits = 0;
        while (digits < text.Length && (char.IsAsciiDigit(text[digits]) || text[digits] == '.')) digits++;
        if (digits == 0 || !double.TryParse(text[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return false;
        var unit = text[digits..].Trim().ToString().ToLowerInvariant();
        double multiplier = unit switch
        {
            "" or "b" => 1,
            "kb" or "k" => 1e3,
            "mb" or "m" => 1e6,
            "gb" or "g" => 1e9,
            "tb" or "t" => 1e12,
            "pb" or "p" => 1e15,
            "eb" or "e" => 1e18,
            "kib" or "ki" => 1024d,
            "mib" or "mi" => 1024d * 1024,
            "gib" or "gi" => 1024d * 1024 * 1024,
            "tib" or "ti" => 1024d * 1024 * 1024 * 1024,
            "pib" or "pi" => 1024d * 1024 * 1024 * 1024 * 1024,
            "eib" or "ei" => 1024d * 1024 * 1024 * 1024 * 1024 * 1024,
            _ => -1,
        };
        if (multiplier < 0) return false;
        bytes = number * multiplier;
        return true;
    }
}
