using System.Globalization;
using System.Text;
using Orrery.Signals;
using Orrery.Signals.Labels;

namespace Orrery.Pipeline.Processors.Attributes;

/// <summary>
/// Edits one owner's attributes (a span's, a resource's, a series' labels), which sit at the
/// tail of their table while being rebuilt, so adding one is appending a row. New strings go to
/// the batch's arena; rows left behind there are unreferenced, not freed.
/// </summary>
internal interface IAttributeEditor
{
    ByteArena Arena { get; }

    int Count { get; }

    ReadOnlySpan<byte> Key(int i);

    AnyValueRow Value(int i);

    void Set(int i, AnyValueRow value);

    void Add(ReadOnlySpan<byte> key, AnyValueRow value);

    void Remove(int i);
}

internal static class AttributeEditorExtensions
{
    public static int Find(this IAttributeEditor editor, ReadOnlySpan<byte> key)
    {
        for (var i = 0; i < editor.Count; i++)
        {
            if (editor.Key(i).SequenceEqual(key)) return i;
        }
        return -1;
    }

    /// <summary>A value's text form into <paramref name="buffer"/>, or the arena slice for strings; false for composite values.</summary>
    public static bool TryText(this IAttributeEditor editor, AnyValueRow value, Span<byte> buffer, out ReadOnlySpan<byte> text)
    {
        int written;
        switch (value.Kind)
        {
            case ValueKind.String:
                text = editor.Arena.Get(value.Bytes);
                return true;
            case ValueKind.Int when value.AsInt.TryFormat(buffer, out written, default, CultureInfo.InvariantCulture):
            case ValueKind.Double when value.AsDouble.TryFormat(buffer, out written, "R", CultureInfo.InvariantCulture):
                text = buffer[..written];
                return true;
            case ValueKind.Bool:
                text = value.AsBool ? "true"u8 : "false"u8;
                return true;
            default:
                text = default;
                return false;
        }
    }
}

/// <summary>OTLP attributes (<see cref="KeyValueRow"/>) at the tail of a table from <see cref="Start"/>.</summary>
internal sealed class KeyValueEditor : IAttributeEditor
{
    public ByteArena Arena { get; set; } = null!;
    public RowList<KeyValueRow> Table { get; set; } = null!;
    public int Start { get; set; }

    public int Count => Table.Count - Start;

    public ReadOnlySpan<byte> Key(int i) => Arena.Get(Table[Start + i].Key);

    public AnyValueRow Value(int i) => Table[Start + i].Value;

    public void Set(int i, AnyValueRow value) => Table[Start + i].Value = value;

    public void Add(ReadOnlySpan<byte> key, AnyValueRow value) => Table.Add(new KeyValueRow { Key = Arena.Append(key), Value = value });

    public void Remove(int i)
    {
        var rows = Table.AsSpan();
        rows[(Start + i + 1)..].CopyTo(rows[(Start + i)..]);
        Table.Truncate(Table.Count - 1);
    }
}

/// <summary>
/// Labels (series labels, stream labels, structured metadata), whose values are strings: other
/// values are stored as their text form. The owner re-sorts series and stream labels afterwards.
/// </summary>
internal sealed class LabelEditor : IAttributeEditor
{
    public ByteArena Arena { get; set; } = null!;
    public RowList<LabelRow> Table { get; set; } = null!;
    public int Start { get; set; }

    public int Count => Table.Count - Start;

    public ReadOnlySpan<byte> Key(int i) => Arena.Get(Table[Start + i].Name);

    public AnyValueRow Value(int i) => AnyValueRow.FromString(Table[Start + i].Value);

    public void Set(int i, AnyValueRow value) => Table[Start + i].Value = Text(value);

    public void Add(ReadOnlySpan<byte> key, AnyValueRow value) => Table.Add(new LabelRow { Name = Arena.Append(key), Value = Text(value) });

    public void Remove(int i)
    {
        var rows = Table.AsSpan();
        rows[(Start + i + 1)..].CopyTo(rows[(Start + i)..]);
        Table.Truncate(Table.Count - 1);
    }

    private Utf8Ref Text(AnyValueRow value)
    {
        if (value.Kind == ValueKind.String) return value.Bytes;
        Span<byte> buffer = stackalloc byte[32];
        return this.TryText(value, buffer, out var text) ? Arena.Append(text) : Arena.Append(Encoding.UTF8.GetBytes(AnyValueText.Format(value, Arena)));
    }
}
