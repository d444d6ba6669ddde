using System.Buffers.Binary;
using Orrery.Signals.Labels;
using Orrery.Storage.Encodings;
using Orrery.Storage.Metrics.Encoding;

namespace Orrery.Storage.Metrics.Blocks;

/// <summary>
/// A block's index, held in memory: every section's checksum is verified once at open, symbols,
/// series offsets and the label table are decoded then; series and postings are decoded from the
/// bytes on demand.
/// </summary>
internal sealed class MetricIndexReader
{
    private readonly byte[] _data;
    private readonly int _seriesStart;
    private readonly int _postingsStart;
    private readonly int _postingsLength;
    private readonly string[] _symbols;
    private readonly int[] _seriesOffsets;
    private readonly Dictionary<string, LabelValuesEntry> _labels;
    private readonly int _version;
    private readonly long _blockMinTimeMs;
    private readonly TimestampColumnEntry[] _columns;

    /// <summary>A shared timestamp column: its range, sample count and where its bytes lie in the index.</summary>
    private readonly record struct TimestampColumnEntry(long MinTimeMs, long MaxTimeMs, int Count, int Offset, int Length);

    /// <summary>A label name's values (sorted, ordinal) and where each one's postings start.</summary>
    public sealed record LabelValuesEntry(string[] Values, int[] PostingsOffsets);

    /// <param name="blockMinTimeMs">The block's min time (meta.json): timestamp columns are stored relative to it.</param>
    public MetricIndexReader(byte[] data, long blockMinTimeMs = 0)
    {
        _data = data;
        _blockMinTimeMs = blockMinTimeMs;
        if (data.Length < MetricBlockFormat.IndexHeaderSize + 8
            || BinaryPrimitives.ReadUInt32LittleEndian(data) != MetricBlockFormat.IndexMagic
            || BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(data.Length - 4)) != MetricBlockFormat.IndexMagic)
            throw new InvalidDataException("not a metric block index");
        var version = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(4));
        if (!MetricBlockFormat.IsReadable(version))
            throw new InvalidDataException($"metric block index version {version}, this build reads {MetricBlockFormat.MinReadableVersion}..{MetricBlockFormat.Version}");
        _version = (int)version;
        var tocSize = MetricBlockFormat.TocSizeOf(_version);
        if (data.Length < MetricBlockFormat.IndexHeaderSize + tocSize) throw new InvalidDataException("not a metric block index");
        var tocStart = data.Length - tocSize;
        var toc = data.AsSpan(tocStart, tocSize - 8);
        if (Crc32C.Compute(toc) != BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(data.Length - 8)))
            throw new InvalidDataException("index table of contents fails its checksum");
        var sections = new (int Offset, int Length)[MetricBlockFormat.SectionCountOf(_version)];
        for (var i = 0; i < sections.Length; i++)
        {
            var entry = toc.Slice(i * MetricBlockFormat.TocEntrySize, MetricBlockFormat.TocEntrySize);
            var offset = BinaryPrimitives.ReadUInt64LittleEndian(entry);
            var length = BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]);
            if (offset < MetricBlockFormat.IndexHeaderSize || offset + length > (ulong)tocStart)
                throw new InvalidDataException($"index section {i} lies outside the file");
            sections[i] = ((int)offset, (int)length);
            if (Crc32C.Compute(data.AsSpan(sections[i].Offset, sections[i].Length)) != BinaryPrimitives.ReadUInt32LittleEndian(entry[16..]))
                throw new InvalidDataException($"index section {i} fails its checksum");
        }
        _symbols = ReadSymbols(Section(sections[MetricBlockFormat.SymbolsSection]));
        _seriesStart = sections[MetricBlockFormat.SeriesSection].Offset;
        _seriesOffsets = ReadSeriesOffsets(Section(sections[MetricBlockFormat.SeriesOffsetsSection]), sections[MetricBlockFormat.SeriesSection].Length);
        (_postingsStart, _postingsLength) = sections[MetricBlockFormat.PostingsSection];
        _labels = ReadLabelIndex(Section(sections[MetricBlockFormat.LabelIndexSection]), out var names);
        LabelNames = names;
        _columns = _version >= 2 ? ReadColumns(sections[MetricBlockFormat.TimestampColumnsSection]) : [];
    }

    public int SeriesCount => _seriesOffsets.Length;

    /// <summary>Shared timestamp columns in the block (0 for format version 1).</summary>
    public int ColumnCount => _columns.Length;

    /// <summary>Every label name of the block, sorted.</summary>
    public IReadOnlyList<string> LabelNames { get; }

    public LabelValuesEntry? Values(string name) => _labels.GetValueOrDefault(name);

    public int[] ReadPostings(int offset)
    {
        if ((uint)offset >= (uint)_postingsLength) throw new InvalidDataException("postings offset out of range");
        var reader = new ByteReader(_data.AsSpan(_postingsStart + offset, _postingsLength - offset));
        var ids = Postings.Read(ref reader);
        if (ids.Length > 0 && ids[^1] >= SeriesCount) throw new InvalidDataException("postings name a series the block does not have");
        return ids;
    }

    public LabelSet ReadLabels(int series)
    {
        var reader = SeriesReader(series);
        return ReadLabels(ref reader);
    }

    /// <summary>The series' labels and its chunks (offsets into the chunks file).</summary>
    public LabelSet ReadSeries(int series, long blockMinTimeMs, List<ChunkMeta> chunks)
    {
        var reader = SeriesReader(series);
        var labels = ReadLabels(ref reader);
        chunks.Clear();
        var count = reader.ReadCount();
        var offset = (long)reader.ReadVarUInt();
        var previousMax = blockMinTimeMs;
        for (var i = 0; i < count; i++)
        {
            var column = _version >= 2 ? reader.ReadCount() - 1 : -1;
            long min, max;
            if (column < 0)
            {
                min = previousMax + reader.ReadVarInt();
                max = min + (long)reader.ReadVarUInt();
            }
            else
            {
                if (column >= _columns.Length) throw new InvalidDataException($"timestamp column {column} out of range");
                (min, max) = (_columns[column].MinTimeMs, _columns[column].MaxTimeMs);
            }
            var length = reader.ReadCount();
            chunks.Add(new ChunkMeta(min, max, offset, length, column));
            offset += VarInt.Length((ulong)length) + length + MetricBlockFormat.ChunkCrcSize;
            previousMax = max;
        }
        return labels;
    }

    /// <summary>The encoded timestamps of a shared column (<see cref="Encoding.TimestampColumn"/>) and how many it holds.</summary>
    public ReadOnlySpan<byte> Column(int id, out int count)
    {
        var c = _columns[id];
        count = c.Count;
        return _data.AsSpan(c.Offset, c.Length);
    }

    private TimestampColumnEntry[] ReadColumns((int Offset, int Length) section)
    {
        var reader = new ByteReader(Section(section));
        var count = reader.ReadCount();
        if (count > reader.Remaining) throw new InvalidDataException("timestamp column count beyond the section");
        var columns = new TimestampColumnEntry[count];
        for (var i = 0; i < count; i++)
        {
            var min = _blockMinTimeMs + reader.ReadVarInt();
            var max = min + (long)reader.ReadVarUInt();
            var samples = reader.ReadCount();
            var length = reader.ReadCount();
            if (length > reader.Remaining) throw new InvalidDataException("timestamp column beyond the section");
            columns[i] = new TimestampColumnEntry(min, max, samples, section.Offset + reader.Position, length);
            reader.Take(length);
        }
        return columns;
    }

    private ByteReader SeriesReader(int series) => new(_data.AsSpan(_seriesStart + _seriesOffsets[series]));

    private LabelSet ReadLabels(ref ByteReader reader)
    {
        var count = reader.ReadCount();
        if (count > reader.Remaining) throw new InvalidDataException("label count beyond the series data");
        var labels = new Label[count];
        for (var i = 0; i < count; i++) labels[i] = new Label(Symbol(reader.ReadCount()), Symbol(reader.ReadCount()));
        try
        {
            return LabelSet.FromSorted(labels);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException("series labels not sorted", e);
        }
    }

    private string Symbol(int id) =>
        (uint)id < (uint)_symbols.Length ? _symbols[id] : throw new InvalidDataException($"symbol {id} out of range");

    private ReadOnlySpan<byte> Section((int Offset, int Length) s) => _data.AsSpan(s.Offset, s.Length);

    private static string[] ReadSymbols(ReadOnlySpan<byte> data)
    {
        var reader = new ByteReader(data);
        var count = reader.ReadCount();
        if (count > reader.Remaining) throw new InvalidDataException("symbol count beyond the section");
        var symbols = new string[count];
        for (var i = 0; i < count; i++) symbols[i] = System.Text.Encoding.UTF8.GetString(reader.ReadBytes());
        return symbols;
    }

    private static int[] ReadSeriesOffsets(ReadOnlySpan<byte> data, int seriesSectionLength)
    {
        var reader = new ByteReader(data);
        var count = reader.ReadCount();
        if (count > reader.Remaining) throw new InvalidDataException("series count beyond the section");
        var offsets = new int[count];
        long offset = 0;
        for (var i = 0; i < count; i++)
        {
            offset += (long)reader.ReadVarUInt();
            if (offset >= seriesSectionLength) throw new InvalidDataException("series offset beyond the series section");
            offsets[i] = (int)offset;
        }
        return offsets;
    }

    private Dictionary<string, LabelValuesEntry> ReadLabelIndex(ReadOnlySpan<byte> data, out string[] names)
    {
        var reader = new ByteReader(data);
        var count = reader.ReadCount();
        if (count > reader.Remaining) throw new InvalidDataException("label name count beyond the section");
        var labels = new Dictionary<string, LabelValuesEntry>(count, StringComparer.Ordinal);
        names = new string[count];
        for (var i = 0; i < count; i++)
        {
            var name = Symbol(reader.ReadCount());
            var valueCount = reader.ReadCount();
            if (valueCount > reader.Remaining) throw new InvalidDataException("label value count beyond the section");
            var values = new string[valueCount];
            var offsets = new int[valueCount];
            var offset = 0L;
            for (var j = 0; j < valueCount; j++)
            {
                values[j] = Symbol(reader.ReadCount());
                offset += (long)reader.ReadVarUInt();
                if (offset >= _postingsLength) throw new InvalidDataException("postings offset beyond the section");
                offsets[j] = (int)offset;
            }
            names[i] = name;
            labels[name] = new LabelValuesEntry(values, offsets);
        }
        return labels;
    }
}
