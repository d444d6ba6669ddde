using System.Globalization;
using System.Text;

namespace Orrery.Generate.Logs;

/// <summary>A reusable buffer a log line is written into as UTF-8, without a string per line.</summary>
internal sealed class Utf8LineBuilder(int capacity)
{
    private readonly byte[] _buffer = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public Utf8LineBuilder Append(ReadOnlySpan<byte> utf8)
    {
        var n = Math.Min(utf8.Length, _buffer.Length - Length);
        utf8[..n].CopyTo(_buffer.AsSpan(Length));
        Length += n;
        return this;
    }

    public Utf8LineBuilder Append(string text)
    {
        if (Encoding.UTF8.GetMaxByteCount(text.Length) > _buffer.Length - Length) return Append(Encoding.UTF8.GetBytes(text));
        Length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(Length));
        return this;
    }

    public Utf8LineBuilder Append(long value)
    {
        if (value.TryFormat(_buffer.AsSpan(Length), out var n, provider: CultureInfo.InvariantCulture)) Length += n;
        return this;
    }

    public Utf8LineBuilder Append(double value, string format)
    {
        if (value.TryFormat(_buffer.AsSpan(Length), out var n, format, CultureInfo.InvariantCulture)) Length += n;
        return this;
    }
}
