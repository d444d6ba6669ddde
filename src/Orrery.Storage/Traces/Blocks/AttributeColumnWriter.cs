using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// Writes attributes into a page's attribute column group: key ids, kinds, and one column per
/// value type, so each column holds values of one shape and compresses well.
/// </summary>
internal sealed class AttributeColumnWriter
{
    private readonly ByteBuffer _keys;
    private readonly ByteBuffer _kinds;
    private readonly ByteBuffer _strings;
    private readonly ByteBuffer _ints;
    private readonly ByteBuffer _doubles;
    private readonly ByteBuffer _blobs;
    private readonly ByteBuffer _inline;

    public AttributeColumnWriter(ByteBuffer[] columns, Column first)
    {
        _keys = columns[(int)first + (int)AttributeColumn.Keys];
        _kinds = columns[(int)first + (int)AttributeColumn.Kinds];
        _strings = columns[(int)first + (int)AttributeColumn.Strings];
        _ints = columns[(int)first + (int)AttributeColumn.Ints];
        _doubles = columns[(int)first + (int)AttributeColumn.Doubles];
        _blobs = columns[(int)first + (int)AttributeColumn.Blobs];
        _inline = columns[(int)Column.InlineStrings];
    }

    /// <summary>Records the dictionary uses <see cref="Write"/> replays, in the same order: each key, then each string value.</summary>
    public static void UseStrings(SpanBatch batch, RowList<KeyValueRow> table, RowRange range, BlockDictionaryBuilder dictionary)
    {
        foreach (ref var kv in table.AsSpan().Slice(range.Start, range.Count))
        {
            dictionary.UseKey(batch.Utf8(kv.Key));
            if (kv.Value.Kind == ValueKind.String) dictionary.UseValue(batch.Utf8(kv.Value.Bytes));
        }
    }

    /// <summary>Writes the attributes; their strings are the next uses recorded by <see cref="UseStrings"/>.</summary>
    public void Write(SpanBatch batch, RowList<KeyValueRow> table, RowRange range, BlockDictionaryBuilder dictionary, TagIndexBuilder tags, AttributeScope scope)
    {
        foreach (ref var kv in table.AsSpan().Slice(range.Start, range.Count))
        {
            var keyId = dictionary.NextId(batch.Utf8(kv.Key));
            _keys.WriteVarUInt((ulong)dictionary.KeySlot(keyId));
            _kinds.WriteByte((byte)kv.Value.Kind);
            var stringId = -1;
            switch (kv.Value.Kind)
            {
                case ValueKind.Empty:
                    break;
                case ValueKind.String:
                    stringId = dictionary.NextValueId(batch.Utf8(kv.Value.Bytes));
                    if (stringId >= 0)
                    {
                        _strings.WriteVarUInt(StringRef.Dictionary(stringId));
                    }
                    else
                    {
                        var s = batch.Utf8(kv.Value.Bytes);
                        _strings.WriteVarUInt(StringRef.Inline(s.Length));
                        _inline.Write(s);
                    }
                    break;
                case ValueKind.Bool or ValueKind.Int:
                    _ints.WriteVarInt(kv.Value.Scalar);
                    break;
                case ValueKind.Double:
                    _doubles.WriteUInt64((ulong)kv.Value.Scalar);
                    break;
                default:
                    _blobs.WriteBytes(batch.Utf8(kv.Value.Bytes));
                    break;
            }
            tags.Add(scope, keyId, kv.Value, stringId);
        }
    }
}
