using Orrery.Signals;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>Strings and attribute values.</summary>
internal sealed partial class PageDecoder
{
    /// <summary>Reads a <see cref="StringRef"/> from <paramref name="column"/>; copies it into the batch only when there is one.</summary>
    private Utf8Ref ReadString(Column column, BatchBuilder? target)
    {
        var reference = this[column].ReadVarUInt();
        if ((reference & 1) == 0)
        {
            var id = checked((int)(reference >> 1));
            return target is null ? default : target.DictionaryString(id);
        }
        var bytes = this[Column.InlineStrings].Take(checked((int)(reference >> 1)));
        return target is null ? default : target.Batch.Bytes.Append(bytes);
    }

    private RowRange ReadAttributes(Column first, int count, BatchBuilder? target, RowList<KeyValueRow>? table)
    {
        var start = table?.Count ?? 0;
        var keys = (Column)((int)first + (int)AttributeColumn.Keys);
        var kinds = (Column)((int)first + (int)AttributeColumn.Kinds);
        var strings = (Column)((int)first + (int)AttributeColumn.Strings);
        var ints = (Column)((int)first + (int)AttributeColumn.Ints);
        var doubles = (Column)((int)first + (int)AttributeColumn.Doubles);
        var blobs = (Column)((int)first + (int)AttributeColumn.Blobs);
        for (var i = 0; i < count; i++)
        {
            var key = this[keys].ReadCount();
            var value = new AnyValueRow { Kind = (ValueKind)this[kinds].ReadByte() };
            switch (value.Kind)
            {
                case ValueKind.Empty:
                    break;
                case ValueKind.String:
                    value.Bytes = ReadString(strings, target);
                    break;
                case ValueKind.Bool or ValueKind.Int:
                    value.Scalar = this[ints].ReadVarInt();
                    break;
                case ValueKind.Double:
                    value.Scalar = (long)this[doubles].ReadUInt64();
                    break;
                default:
                    var blob = this[blobs].Take(this[blobs].ReadCount());
                    if (target is not null) value.Bytes = target.Batch.Bytes.Append(blob);
                    break;
            }
            if (target is null) continue;
            table!.Add(new KeyValueRow { Key = target.AttributeKey(key), Value = value });
        }
        return new RowRange(start, count);
    }
}
