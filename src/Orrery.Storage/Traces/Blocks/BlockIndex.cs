using System.Buffers.Binary;
using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>The index file of a block, loaded whole at open: dictionary, tables, sparse index, bloom filter, tag index.</summary>
internal sealed class BlockIndex
{
    private BlockIndex(StringTable dictionary, SpanBatch tables, long blockMinStart, PageInfo[] pages, BloomFilter bloom, TagIndex tags, int[] attributeKeys)
    {
        AttributeKeys = attributeKeys;
        Dictionary = dictionary;
        Tables = tables;
        BlockMinStart = blockMinStart;
        Pages = pages;
        Bloom = bloom;
        Tags = tags;
    }

    public StringTable Dictionary { get; }

    /// <summary>The block's distinct resources and scopes, as rows of a batch that holds no spans.</summary>
    public SpanBatch Tables { get; }

    public long BlockMinStart { get; }

    public PageInfo[] Pages { get; }

    public BloomFilter Bloom { get; }

    public TagIndex Tags { get; }

    /// <summary>Dictionary ids of the attribute keys pages use, ascending; page key columns hold positions in it.</summary>
    public int[] AttributeKeys { get; }

    public static BlockIndex Read(string path)
    {
        var file = File.ReadAllBytes(path);
        var sections = new Dictionary<IndexSection, byte[]>();
        var r = new ByteReader(file);
        uint version = 0;
        try
        {
            if (file.Length < BlockFormat.FileHeaderLength || r.ReadUInt32() != BlockFormat.IndexMagic)
                throw new InvalidDataException("not a block index file (bad magic)");
            version = r.ReadUInt32();
            if (!BlockFormat.IsReadable(version)) throw new InvalidDataException($"unsupported block format version {version}");
            while (true)
            {
                var sectionOffset = r.Position;
                var id = (IndexSection)r.ReadByte();
                if (id == IndexSection.End) break;
                var codec = r.ReadByte();
                var rawLength = r.ReadCount();
                var storedLength = r.ReadCount();
                var crc = r.ReadUInt32();
                var stored = r.Take(storedLength);
                if (Crc32C.Compute(stored) != crc)
                    throw new InvalidDataException($"section {id} at offset {sectionOffset}: checksum mismatch");
                var raw = new byte[rawLength];
                ColumnCodec.Decode(stored, codec, raw);
                sections[id] = raw;
            }
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith("block index file", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"block index file '{path}' is corrupt: {e.Message}", e);
        }

        try
        {
            var dictionary = StringTable.Read(Section(sections, IndexSection.Dictionary));
            var tables = new SpanBatch();
            ReadResources(Section(sections, IndexSection.Resources), dictionary, tables);
            ReadScopes(Section(sections, IndexSection.Scopes), dictionary, tables);
            var pageReader = new ByteReader(Section(sections, IndexSection.Pages));
            var blockMinStart = pageReader.ReadVarInt();
            var pages = new PageInfo[pageReader.ReadCount()];
            for (var i = 0; i < pages.Length; i++) pages[i] = PageInfo.Read(ref pageReader, version);
            var bloom = ReadBloom(Section(sections, IndexSection.Bloom));
            var tags = TagIndex.Read(Section(sections, IndexSection.Tags));
            var keyReader = new ByteReader(Section(sections, IndexSection.AttributeKeys));
            var attributeKeys = PageInfo.ReadAscending(ref keyReader);
            if (attributeKeys.Length > 0 && attributeKeys[^1] >= dictionary.Count) throw new InvalidDataException("attribute key outside the dictionary");
            return new BlockIndex(dictionary, tables, blockMinStart, pages, bloom, tags, attributeKeys);
        }
        catch (Exception e) when (e is InvalidDataException or OverflowException or ArgumentOutOfRangeException)
        {
            throw new InvalidDataException($"block index file '{path}' is corrupt: {e.Message}", e);
        }
    }

    private static byte[] Section(Dictionary<IndexSection, byte[]> sections, IndexSection id) =>
        sections.TryGetValue(id, out var s) ? s : throw new InvalidDataException($"missing section {id}");

    private static void ReadResources(byte[] section, StringTable dictionary, SpanBatch tables)
    {
        var r = new ByteReader(section);
        var count = r.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var entry = new ByteReader(r.ReadBytes());
            ref var row = ref tables.Resources.Add();
            row.SchemaUrl = AttributeRowCodec.ReadString(ref entry, dictionary, tables.Bytes);
            row.DroppedAttributesCount = (uint)entry.ReadVarUInt();
            var attributes = AttributeRowCodec.Read(ref entry, dictionary, tables.Bytes, tables.ResourceAttributes);
            tables.Resources[i].Attributes = attributes;
        }
    }

    private static void ReadScopes(byte[] section, StringTable dictionary, SpanBatch tables)
    {
        var r = new ByteReader(section);
        var count = r.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var entry = new ByteReader(r.ReadBytes());
            var row = new ScopeRow { Resource = entry.ReadCount() };
            if (row.Resource >= tables.Resources.Count) throw new InvalidDataException($"scope {i} refers to missing resource {row.Resource}");
            row.Name = AttributeRowCodec.ReadString(ref entry, dictionary, tables.Bytes);
            row.Version = AttributeRowCodec.ReadString(ref entry, dictionary, tables.Bytes);
            row.SchemaUrl = AttributeRowCodec.ReadString(ref entry, dictionary, tables.Bytes);
            row.DroppedAttributesCount = (uint)entry.ReadVarUInt();
            row.Attributes = AttributeRowCodec.Read(ref entry, dictionary, tables.Bytes, tables.ScopeAttributes);
            tables.Scopes.Add(row);
        }
    }

    private static BloomFilter ReadBloom(byte[] section)
    {
        var r = new ByteReader(section);
        var count = r.ReadCount();
        var words = new ulong[count];
        var bytes = r.Take(checked(count * 8));
        for (var i = 0; i < count; i++) words[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i * 8)..]);
        return BloomFilter.FromWords(words);
    }
}
