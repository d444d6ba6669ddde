using System.Globalization;
using System.Text;

namespace Orrery.Query.PromQL.Syntax;

/// <summary>
/// Go's text conventions that Prometheus's messages and canonical printing rely on:
/// <c>%q</c> quoting of strings and runes, <c>%#U</c>, and unquoting of PromQL string literals.
/// </summary>
internal static class GoText
{
    /// <summary>Go's <c>strconv.Quote</c> (what <c>%q</c> prints for a string).</summary>
    public static string Quote(ReadOnlySpan<char> text)
    {
        var sb = new StringBuilder(text.Length + 2);
        AppendQuoted(sb, text);
        return sb.ToString();
    }

    public static void AppendQuoted(StringBuilder sb, ReadOnlySpan<char> text)
    {
        sb.Append('"');
        var i = 0;
        while (i < text.Length)
        {
            var rune = ReadRune(text, ref i);
            // U+FFFD stands for bytes that were not UTF-8 (Go would print them as \x escapes);
            // a literal U+FFFD would not lex again, so it is escaped.
            if (rune == 0xFFFD) sb.Append("\\ufffd");
            else AppendEscapedRune(sb, rune, '"');
        }
        sb.Append('"');
    }

    /// <summary><c>%.Nq...</c>: at most <paramref name="maxRunes"/> runes, quoted, then "...".</summary>
    public static string QuoteTruncated(ReadOnlySpan<char> text, int maxRunes)
    {
        var i = 0;
        for (var n = 0; n < maxRunes && i < text.Length; n++) ReadRune(text, ref i);
        return Quote(text[..i]) + "...";
    }

    /// <summary>Go's <c>%q</c> of a rune: <c>'x'</c>; -1 (end of input) prints as the replacement character.</summary>
    public static string QuoteRune(int rune)
    {
        if (rune < 0 || rune > 0x10FFFF || rune is >= 0xD800 and < 0xE000) rune = 0xFFFD;
        var sb = new StringBuilder(8).Append('\'');
        AppendEscapedRune(sb, rune, '\'');
        return sb.Append('\'').ToString();
    }

    /// <summary>Go's <c>%#U</c>: <c>U+0063 'c'</c>, or just <c>U+0007</c> when not printable.</summary>
    public static string UnicodeFormat(int rune)
    {
        var hex = "U+" + rune.ToString("X4", CultureInfo.InvariantCulture);
        return IsPrint(rune) ? hex + " '" + char.ConvertFromUtf32(rune) + "'" : hex;
    }

    /// <summary>Go's <c>unicode.IsPrint</c>: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    public static bool IsPrint(int rune)
    {
        if (rune == ' ') return true;
        if (rune < 0 || rune > 0x10FFFF || rune is >= 0xD800 and < 0xE000) return false;
        switch (Rune.GetUnicodeCategory(new Rune(rune)))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
            case UnicodeCategory.EnclosingMark:
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.OtherNumber:
            case UnicodeCategory.ConnectorPunctuation:
            case UnicodeCategory.DashPunctuation:
            case UnicodeCategory.OpenPunctuation:
            case UnicodeCategory.ClosePunctuation:
            case UnicodeCategory.InitialQuotePunctuation:
            case UnicodeCategory.FinalQuotePunctuation:
            case UnicodeCategory.OtherPunctuation:
            case UnicodeCategory.MathSymbol:
            case UnicodeCategory.CurrencySymbol:
            case UnicodeCategory.ModifierSymbol:
            case UnicodeCategory.OtherSymbol:
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Decodes a string literal the lexer accepted: raw between backticks, Go escapes between
    /// double or single quotes. <c>\x</c> and octal escapes are bytes, so the result is the
    /// UTF-8 decoding of the bytes the escapes spell (invalid sequences become U+FFFD, as Go
    /// would print them).
    /// </summary>
    public static string Unquote(ReadOnlySpan<char> literal)
    {
        var quote = literal[0];
        var body = literal[1..^1];
        if (quote == '`' || body.IndexOf('\\') < 0) return body.ToString();

        var bytes = new List<byte>(body.Length);
        Span<byte> utf8 = stackalloc byte[4];
        var i = 0;
        while (i < body.Length)
        {
            if (body[i] != '\\')
            {
                var rune = ReadRune(body, ref i);
                var n = new Rune(rune).EncodeToUtf8(utf8);
                for (var k = 0; k < n; k++) bytes.Add(utf8[k]);
                continue;
            }
            var c = body[i + 1];
            i += 2;
            switch (c)
            {
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'n': bytes.Add(10); break;
                case 'r': bytes.Add(13); break;
                case 't': bytes.Add(9); break;
                case 'v': bytes.Add(11); break;
                case 'x':
                    bytes.Add((byte)ParseDigits(body.Slice(i, 2), 16));
                    i += 2;
                    break;
                case 'u':
                case 'U':
                    {
                        var len = c == 'u' ? 4 : 8;
                        var n = new Rune(ParseDigits(body.Slice(i, len), 16)).EncodeToUtf8(utf8);
                        for (var k = 0; k < n; k++) bytes.Add(utf8[k]);
                        i += len;
                        break;
                    }
                case >= '0' and <= '7':
                    bytes.Add((byte)ParseDigits(body.Slice(i - 1, 3), 8));
                    i += 2;
                    break;
                default:
                    // \\, \" and \' stand for themselves.
                    bytes.Add((byte)c);
                    break;
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static int ParseDigits(ReadOnlySpan<char> digits, int radix)
    {
        var value = 0;
        foreach (var d in digits) value = (value * radix) + HexValue(d);
        return value;
    }

    public static int HexValue(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => 16,
    };

    /// <summary>Reads one code point; a lone surrogate reads as U+FFFD (Go's utf8.RuneError).</summary>
    public static int ReadRune(ReadOnlySpan<char> text, ref int index)
    {
        var c = text[index++];
        if (!char.IsSurrogate(c)) return c;
        if (char.IsHighSurrogate(c) && index < text.Length && char.IsLowSurrogate(text[index]))
            return char.ConvertToUtf32(c, text[index++]);
        return 0xFFFD;
    }

    private static void AppendEscapedRune(StringBuilder sb, int rune, char quote)
    {
        if (rune == quote || rune == '\\')
        {
            sb.Append('\\').Append((char)rune);
            return;
        }
        if (IsPrint(rune))
        {
            sb.Append(char.ConvertFromUtf32(rune));
            return;
        }
        switch (rune)
        {
            case 7: sb.Append("\\a"); return;
            case 8: sb.Append("\\b"); return;
            case 12: sb.Append("\\f"); return;
            case 10: sb.Append("\\n"); return;
            case 13: sb.Append("\\r"); return;
            case 9: sb.Append("\\t"); return;
            case 11: sb.Append("\\v"); return;
        }
        if (rune < ' ' || rune == 0x7F) sb.Append("\\x").Append(rune.ToString("x2", CultureInfo.InvariantCulture));
        else if (rune < 0x10000) sb.Append("\\u").Append(rune.ToString("x4", CultureInfo.InvariantCulture));
        else sb.Append("\\U").Append(rune.ToString("x8", CultureInfo.InvariantCulture));
    }
}
