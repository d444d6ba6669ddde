using Orrery.Signals;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// The sparse-index entry of one page: where it is, which trace ids and times it covers, and
/// the small summaries (names, scopes, kinds, statuses, durations) that let a search skip it.
/// </summary>
internal sealed class PageInfo
{
    public long Offset;
    public int Length;
    public uint Crc;
    public int SpanCount;
    public int TraceCount;
    public TraceId MinTraceId;
    public TraceId MaxTraceId;
    public long MinStart;
    public long MaxStart;
    public long MinDuration;
    public long MaxDuration;
    /// <summary>Bit <c>1 &lt;&lt; kind</c> for each <see cref="Signals.Traces.SpanKind"/> present.</summary>
    public byte KindMask;
    /// <summary>Bit <c>1 &lt;&lt; status</c> for each <see cref="Signals.Traces.StatusCode"/> present.</summary>
    public byte StatusMask;
    /// <summary>Dictionary ids of the span names present, ascending.</summary>
    public int[] NameIds = [];
    /// <summary>Block scope-table indexes present, ascending.</summary>
    public int[] ScopeIds = [];
    /// <summary>
    /// Format 3: where each present column's bytes are and their checksum, so a reader fetches and
    /// verifies only the columns it needs. Empty for format 2 pages (one checksum, <see cref="Crc"/>,
    /// over the whole page, whose directory is inside it).
    /// </summary>
    public ColumnEntry[] Columns = [];

    /// <summary>Writes the format 3 entry: no page checksum, the column directory at the end.</summary>
    public void WriteTo(ByteBuffer b)
    {
        b.WriteVarUInt((ulong)Offset);
        b.WriteVarUInt((ulong)Length);
        b.WriteVarUInt((ulong)SpanCount);
        b.WriteVarUInt((ulong)TraceCount);
        WriteTraceId(b, MinTraceId);
        WriteTraceId(b, MaxTraceId);
        b.WriteVarInt(MinStart);
        b.WriteVarUInt((ulong)(MaxStart - MinStart));
        b.WriteVarInt(MinDuration);
        b.WriteVarInt(MaxDuration);
        b.WriteByte(KindMask);
        b.WriteByte(StatusMask);
        WriteAscending(b, NameIds);
        WriteAscending(b, ScopeIds);
        b.WriteVarUInt((ulong)Columns.Length);
        foreach (var c in Columns)
        {
            b.WriteByte((byte)c.Id);
            b.WriteByte(c.Codec);
            b.WriteVarUInt((ulong)c.RawLength);
            b.WriteVarUInt((ulong)c.StoredLength);
            b.WriteUInt32(c.Crc);
        }
    }

    public static PageInfo Read(ref ByteReader r, uint version)
    {
        var p = new PageInfo
        {
            Offset = (long)r.ReadVarUInt(),
            Length = r.ReadCount(),
            Crc = version == 2 ? r.ReadUInt32() : 0,
            SpanCount = r.ReadCount(),
            TraceCount = r.ReadCount(),
            MinTraceId = ReadTraceId(ref r),
            MaxTraceId = ReadTraceId(ref r),
            MinStart = r.ReadVarInt(),
        };
        p.MaxStart = p.MinStart + (long)r.ReadVarUInt();
        p.MinDuration = r.ReadVarInt();
        p.MaxDuration = r.ReadVarInt();
        p.KindMask = r.ReadByte();
        p.StatusMask = r.ReadByte();
        p.NameIds = ReadAscending(ref r);
        p.ScopeIds = ReadAscending(ref r);
        if (version >= 3) p.Columns = ReadColumns(ref r, p);
        return p;
    }

    private static ColumnEntry[] ReadColumns(ref ByteReader r, PageInfo page)
    {
        var n = r.ReadCount();
        if (n > (int)Column.InlineStrings) throw new InvalidDataException($"page lists {n} columns");
        var columns = new ColumnEntry[n];
        var offset = page.Offset;
        for (var i = 0; i < n; i++)
        {
            var id = r.ReadByte();
            if (id == 0 || id > (byte)Column.InlineStrings) throw new InvalidDataException($"unknown column {id}");
            var codec = r.ReadByte();
            var raw = r.ReadCount();
            var stored = r.ReadCount();
            columns[i] = new ColumnEntry((Column)id, codec, raw, stored, offset, r.ReadUInt32());
            offset += stored;
        }
        if (offset - page.Offset != page.Length) throw new InvalidDataException("page column lengths do not add up to the page length");
        return columns;
    }

    public static void WriteTraceId(ByteBuffer b, TraceId id)
    {
        b.WriteUInt64BigEndian(id.High);
        b.WriteUInt64BigEndian(id.Low);
    }

    public static TraceId ReadTraceId(ref ByteReader r) => new(r.ReadUInt64BigEndian(), r.ReadUInt64BigEndian());

    /// <summary>Count, then the first value and the gaps between the following ones.</summary>
    public static void WriteAscending(ByteBuffer b, ReadOnlySpan<int> values)
    {
        b.WriteVarUInt((ulong)values.Length);
        var previous = 0;
        foreach (var v in values)
        {
            b.WriteVarUInt((ulong)(v - previous));
            previous = v;
        }
    }

    public static int[] ReadAscending(ref ByteReader r)
    {
        var n = r.ReadCount();
        if (n > r.Remaining) throw new InvalidDataException("id list longer than its section");
        var values = new int[n];
        var previous = 0;
        for (var i = 0; i < n; i++)
        {
            previous = checked(previous + r.ReadCount());
            values[i] = previous;
        }
        return values;
    }
}

/// <summary>One column of a format 3 page: codec, lengths, absolute offset in the data file, CRC-32C of the stored bytes.</summary>
internal readonly record struct ColumnEntry(Column Id, byte Codec, int RawLength, int StoredLength, long Offset, uint Crc);
