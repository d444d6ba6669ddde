using Orrery.Signals;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>The tag index as read: per (scope, key id) the distinct values of the block.</summary>
internal sealed class TagIndex
{
    public sealed record Entry(TagIndexBuilder.EntryFlags Flags, int[] Strings, (ValueKind Kind, long Scalar)[] Scalars)
    {
        public bool Has(TagIndexBuilder.EntryFlags flag) => (Flags & flag) != 0;
    }

    private readonly Dictionary<(AttributeScope, int), Entry> _entries;

    private TagIndex(Dictionary<(AttributeScope, int), Entry> entries) => _entries = entries;

    public IEnumerable<(AttributeScope Scope, int Key)> Keys => _entries.Keys;

    public Entry? Find(AttributeScope scope, int key) => _entries.GetValueOrDefault((scope, key));

    public static TagIndex Read(ReadOnlySpan<byte> section)
    {
        var r = new ByteReader(section);
        var count = r.ReadCount();
        var entries = new Dictionary<(AttributeScope, int), Entry>();
        for (var i = 0; i < count; i++)
        {
            var scope = (AttributeScope)r.ReadByte();
            var key = r.ReadCount();
            var flags = (TagIndexBuilder.EntryFlags)r.ReadByte();
            var strings = PageInfo.ReadAscending(ref r);
            var scalarCount = r.ReadCount();
            if (scalarCount > r.Remaining) throw new InvalidDataException("tag scalar count larger than its section");
            var scalars = new (ValueKind, long)[scalarCount];
            for (var j = 0; j < scalarCount; j++) scalars[j] = ((ValueKind)r.ReadByte(), r.ReadVarInt());
            entries[(scope, key)] = new Entry(flags, strings, scalars);
        }
        return new TagIndex(entries);
    }
}
