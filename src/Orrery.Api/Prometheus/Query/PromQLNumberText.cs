using System.Globalization;

namespace Orrery.Api.Prometheus.Query;

/// <summary>
/// Sample values and timestamps as UTF-8 straight into a caller's buffer, byte for byte what
/// <see cref="PrometheusFloat"/> writes as strings: a query answer holds millions of points and
/// must not allocate a string for each.
/// </summary>
internal static class PromQLNumberText
{
    /// <summary>Enough for any value or timestamp: 17 digits, sign, point, "e-324", or "-9223372036854775.808".</summary>
    public const int MaxLength = 32;

    /// <summary>
    /// Prometheus's <c>jsonutil.MarshalValue</c>: Go's <c>strconv.FormatFloat(v, 'f', -1, 64)</c>,
    /// or 'e' for magnitudes below 1e-6 or from 1e21 on; "NaN", "+Inf", "-Inf" by name.
    /// </summary>
    public static int FormatValue(double value, Span<byte> destination)
    {
        if (double.IsNaN(value)) return Copy("NaN"u8, destination);
        if (double.IsPositiveInfinity(value)) return Copy("+Inf"u8, destination);
        if (double.IsNegativeInfinity(value)) return Copy("-Inf"u8, destination);
        var length = 0;
        if (double.IsNegative(value)) destination[length++] = (byte)'-';
        var abs = Math.Abs(value);
        if (abs == 0)
        {
            destination[length++] = (byte)'0';
            return length;
        }
        Span<byte> digits = stackalloc byte[MaxLength];
        var count = ShortestDigits(abs, digits, out var point);
        digits = digits[..count];
        if (abs < 1e-6 || abs >= 1e21) return length + Exponent(digits, point - 1, destination[length..]);
        return length + Fixed(digits, point, destination[length..]);
    }

    /// <summary>Prometheus's <c>jsonutil.MarshalTimestamp</c>: milliseconds as seconds, the fraction as three digits when not zero ("1.500").</summary>
    public static int FormatTimestamp(long milliseconds, Span<byte> destination)
    {
        var length = 0;
        var magnitude = (ulong)milliseconds;
        if (milliseconds < 0)
        {
            destination[length++] = (byte)'-';
            magnitude = (ulong)-(milliseconds + 1) + 1;
        }
        (magnitude / 1000).TryFormat(destination[length..], out var written, default, CultureInfo.InvariantCulture);
        length += written;
        var fraction = (int)(magnitude % 1000);
        if (fraction == 0) return length;
        destination[length++] = (byte)'.';
        destination[length++] = (byte)('0' + (fraction / 100));
        destination[length++] = (byte)('0' + (fraction / 10 % 10));
        destination[length++] = (byte)('0' + (fraction % 10));
        return length;
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }

    /// <summary>
    /// The shortest round-trip digits of a positive finite value (no leading or trailing zeros)
    /// and where the decimal point goes: value = 0.digits × 10^point. .NET's "R" finds the same
    /// digits as Go's shortest formatting; only their layout differs.
    /// </summary>
    private static int ShortestDigits(double abs, Span<byte> digits, out int point)
    {
        Span<byte> text = stackalloc byte[MaxLength];
        abs.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture);
        text = text[..written];
        var exponent = 0;
        var e = text.IndexOf((byte)'E');
        if (e >= 0)
        {
            var sign = 1;
            var i = e + 1;
            if (text[i] is (byte)'+' or (byte)'-') sign = text[i++] == (byte)'-' ? -1 : 1;
            for (; i < text.Length; i++) exponent = (exponent * 10) + (text[i] - '0');
            exponent *= sign;
            text = text[..e];
        }
        var count = 0;
        var integerDigits = -1;
        var leadingZeros = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                integerDigits = count + leadingZeros;
                continue;
            }
            if (count == 0 && c == '0')
            {
                leadingZeros++;
                continue;
            }
            digits[count++] = c;
        }
        if (integerDigits < 0) integerDigits = count + leadingZeros;
        while (count > 1 && digits[count - 1] == '0') count--;
        point = integerDigits - leadingZeros + exponent;
        return count;
    }

    /// <summary>Go's 'e' layout: d[.ddd]e±XX with at least two exponent digits.</summary>
    private static int Exponent(ReadOnlySpan<byte> digits, int exponent, Span<byte> destination)
    {
        var length = 0;
        destination[length++] = digits[0];
        if (digits.Length > 1)
        {
            destination[length++] = (byte)'.';
            digits[1..].CopyTo(destination[length..]);
            length += digits.Length - 1;
        }
        destination[length++] = (byte)'e';
        destination[length++] = exponent < 0 ? (byte)'-' : (byte)'+';
        var magnitude = Math.Abs(exponent);
        if (magnitude < 10) destination[length++] = (byte)'0';
        magnitude.TryFormat(destination[length..], out var written, default, CultureInfo.InvariantCulture);
        return length + written;
    }

    /// <summary>Go's 'f' layout with the shortest digits.</summary>
    private static int Fixed(ReadOnlySpan<byte> digits, int point, Span<byte> destination)
    {
        var length = 0;
        if (point <= 0)
        {
            destination[length++] = (byte)'0';
            destination[length++] = (byte)'.';
            destination.Slice(length, -point).Fill((byte)'0');
            length += -point;
            digits.CopyTo(destination[length..]);
            return length + digits.Length;
        }
        if (point >= digits.Length)
        {
            digits.CopyTo(destination);
            destination.Slice(digits.Length, point - digits.Length).Fill((byte)'0');
            return point;
        }
        digits[..point].CopyTo(destination);
        destination[point] = (byte)'.';
        digits[point..].CopyTo(destination[(point + 1)..]);
        return digits.Length + 1;
    }
}
