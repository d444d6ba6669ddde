using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// Row-wise attribute encoding for the small resource and scope tables of the index (pages use
/// <see cref="AttributeColumnWriter"/> instead): count, then per attribute key id, kind, value.
/// </summary>
internal static class AttributeRowCodec
{
    public static void AddStrings(SpanBatch batch, RowList<KeyValueRow> table, RowRange range, BlockDictionaryBuilder dictionary)
    {
        foreach (ref var kv in table.AsSpan().Slice(range.Start, range.Count))
        {
            dictionary.Add(batch.Utf8(kv.Key));
            if (kv.Value.Kind == ValueKind.String) dictionary.AddValue(batch.Utf8(kv.Value.Bytes));
        }
    }

    public static void Write(ByteBuffer b, SpanBatch batch, RowList<KeyValueRow> table, RowRange range, BlockDictionaryBuilder dictionary)
    {
        b.WriteVarUInt((ulong)range.Count);
        foreach (ref var kv in table.AsSpan().Slice(range.Start, range.Count))
        {
            b.WriteVarUInt((ulong)dictionary.IdOf(batch.Utf8(kv.Key)));
            b.WriteByte((byte)kv.Value.Kind);
            switch (kv.Value.Kind)
            {
                case ValueKind.Empty:
                    break;
                case ValueKind.String:
                    WriteString(b, batch.Utf8(kv.Value.Bytes), dictionary);
                    break;
                case ValueKind.Bool or ValueKind.Int:
                    b.WriteVarInt(kv.Value.Scalar);
                    break;
                case ValueKind.Double:
                    b.WriteUInt64((ulong)kv.Value.Scalar);
                    break;
                default:
                    b.WriteBytes(batch.Utf8(kv.Value.Bytes));
                    break;
            }
        }
    }

    /// <summary>A <see cref="StringRef"/>; inline bytes follow it directly.</summary>
    public static void WriteString(ByteBuffer b, ReadOnlySpan<byte> value, BlockDictionaryBuilder dictionary)
    {
        if (value.Length <= BlockFormat.MaxDictionaryString)
        {
            b.WriteVarUInt(StringRef.Dictionary(dictionary.IdOf(value)));
            return;
        }
        b.WriteVarUInt(StringRef.Inline(value.Length));
        b.Write(value);
    }

    public static Utf8Ref ReadString(ref ByteReader r, StringTable dictionary, ByteArena arena)
    {
        var reference = r.ReadVarUInt();
        return (reference & 1) == 0
            ? arena.Append(dictionary.Get(checked((int)(reference >> 1))))
            : arena.Append(r.Take(checked((int)(reference >> 1))));
    }

    public static RowRange Read(ref ByteReader r, StringTable dictionary, ByteArena arena, RowList<KeyValueRow> table)
    {
        var count = r.ReadCount();
        var start = table.Count;
        for (var i = 0; i < count; i++)
        {
            ref var kv = ref table.Add();
            kv.Key = arena.Append(dictionary.Get(r.ReadCount()));
            kv.Value.Kind = (ValueKind)r.ReadByte();
            switch (kv.Value.Kind)
            {
                case ValueKind.Empty:
                    break;
                case ValueKind.String:
                    kv.Value.Bytes = ReadString(ref r, dictionary, arena);
                    break;
                case ValueKind.Bool or ValueKind.Int:
                    kv.Value.Scalar = r.ReadVarInt();
                    break;
                case ValueKind.Double:
                    kv.Value.Scalar = (long)r.ReadUInt64();
                    break;
                default:
                    kv.Value.Bytes = arena.Append(r.ReadBytes());
                    break;
            }
        }
        return new RowRange(start, count);
    }
}
