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

    public void Write(SpanBatch batch, RowList<KeyValueRow> table, RowRange range, BlockDictionaryBuilder dictionary, TagIndexBuilder tags, AttributeScope scope)
    {
        foreach (ref var kv in table.AsSpan().Slice(range.Start, range.Count))
        {
            var keyId = dictionary.IdOf(batch.Utf8(kv.Key));
            _keys.WriteVarUInt((ulong)keyId);
            _kinds.WriteByte((byte)kv.Value.Kind);
            var stringId = -1;
            switch (kv.Value.Kind)
            {
                case ValueKind.Empty:
                    break;
                case ValueKind.String:
                    var s = batch.Utf8(kv.Value.Bytes);
                    if (s.Length <= BlockFormat.MaxDictionaryString)
                    {
                        stringId = dictionary.IdOf(s);
                        _strings.WriteVarUInt(StringRef.Dictionary(stringId));
                    }
                    else
                    {
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
