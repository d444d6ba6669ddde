using System.Buffers.Text;
using Orrery.Signals;

namespace Orrery.Generate.ClickHouse;

/// <summary>
/// Builds rows of ClickHouse's TabSeparated format in a reused byte buffer: fields separated by
/// tabs, rows ended by a newline, strings escaped with backslashes; arrays as
/// <c>['a','b']</c> with quoted strings (ClickHouse reads arrays inside a TSV field in its
/// literal syntax). The same escaping serves both places: <c>\'</c> is read back as a quote in a
/// plain field too, and no escaped string holds a tab or newline.
/// </summary>
internal sealed class TsvRowBuffer
{
    private byte[] _buffer = new byte[64 * 1024];
    private int _length;
    private bool _rowStarted;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void Clear()
    {
        _length = 0;
        _rowStarted = false;
    }

    /// <summary>Starts the next field: a tab unless it is the row's first.</summary>
    public TsvRowBuffer Field()
    {
        if (_rowStarted) Put((byte)'\t');
        _rowStarted = true;
        return this;
    }

    public void EndRow()
    {
        Put((byte)'\n');
        _rowStarted = false;
    }

    public TsvRowBuffer Escaped(ReadOnlySpan<byte> utf8)
    {
        Ensure(utf8.Length * 2);
        foreach (var b in utf8)
        {
            var escape = b switch
            {
                (byte)'\\' => (byte)'\\',
                (byte)'\'' => (byte)'\'',
                (byte)'\t' => (byte)'t',
                (byte)'\n' => (byte)'n',
                (byte)'\r' => (byte)'r',
                0 => (byte)'0',
                _ => (byte)0,
            };
            if (escape != 0)
            {
                _buffer[_length++] = (byte)'\\';
                _buffer[_length++] = escape;
            }
            else
            {
                _buffer[_length++] = b;
            }
        }
        return this;
    }

    public TsvRowBuffer Quoted(ReadOnlySpan<byte> utf8)
    {
        Put((byte)'\'');
        Escaped(utf8);
        Put((byte)'\'');
        return this;
    }

    public TsvRowBuffer Raw(ReadOnlySpan<byte> ascii)
    {
        Ensure(ascii.Length);
        ascii.CopyTo(_buffer.AsSpan(_length));
        _length += ascii.Length;
        return this;
    }

    public TsvRowBuffer Number(long value)
    {
        Ensure(20);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out var written);
        _length += written;
        return this;
    }

    public TsvRowBuffer Number(double value)
    {
        Ensure(32);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out var written);
        _length += written;
        return this;
    }

    /// <summary>32 lower-case hex digits, or nothing for the empty id (as the exporter writes it).</summary>
    public TsvRowBuffer Hex(TraceId id)
    {
        if (id.IsEmpty) return this;
        Ensure(32);
        Signals.Hex.WriteUtf8(id.High, _buffer.AsSpan(_length, 16));
        Signals.Hex.WriteUtf8(id.Low, _buffer.AsSpan(_length + 16, 16));
        _length += 32;
        return this;
    }

    /// <summary>16 lower-case hex digits, or nothing for the empty id.</summary>
    public TsvRowBuffer Hex(SpanId id)
    {
        if (id.Value == 0) return this;
        Ensure(16);
        Signals.Hex.WriteUtf8(id.Value, _buffer.AsSpan(_length, 16));
        _length += 16;
        return this;
    }

    /// <summary>An attribute value as the exporter stores it in a Map(String, String): its plain text.</summary>
    public TsvRowBuffer Value(in AnyValueRow value, ByteArena arena) => value.Kind switch
    {
        ValueKind.Int => Number(value.AsInt),
        ValueKind.Double => Number(value.AsDouble),
        ValueKind.Bool => Raw(value.AsBool ? "true"u8 : "false"u8),
        ValueKind.String => Escaped(arena.Get(value.Bytes)),
        ValueKind.Empty => this,
        _ => Escaped(System.Text.Encoding.UTF8.GetBytes(AnyValueText.Format(value, arena))),
    };

    /// <summary>The keys, or the values, of attributes as an Array(String) literal.</summary>
    public TsvRowBuffer AttributeArray(ReadOnlySpan<KeyValueRow> attributes, ByteArena arena, bool keys)
    {
        Put((byte)'[');
        for (var a = 0; a < attributes.Length; a++)
        {
            if (a > 0) Put((byte)',');
            Put((byte)'\'');
            if (keys) Escaped(arena.Get(attributes[a].Key));
            else Value(attributes[a].Value, arena);
            Put((byte)'\'');
        }
        return Put((byte)']');
    }

    public TsvRowBuffer Put(byte b)
    {
        Ensure(1);
        _buffer[_length++] = b;
        return this;
    }

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
    }
}
