using Orrery.Signals;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// Collects, per (attribute scope, key), the distinct values seen in the block, so tag
/// autocomplete and equality conditions are answered from the index without reading pages.
/// </summary>
internal sealed class TagIndexBuilder
{
    [Flags]
    public enum EntryFlags : byte
    {
        None = 0,
        /// <summary>Some string value was too long for the dictionary: string equality cannot prune.</summary>
        LongStrings = 1,
        /// <summary>More than <see cref="BlockFormat.MaxScalarValuesPerKey"/> distinct scalars: scalar equality cannot prune.</summary>
        ScalarOverflow = 2,
        /// <summary>Some value was an array, kvlist or bytes, which the index does not list.</summary>
        OtherKinds = 4,
    }

    private sealed class Entry
    {
        public readonly HashSet<int> Strings = [];
        public readonly HashSet<(ValueKind, long)> Scalars = [];
        public EntryFlags Flags;
    }

    /// <summary>Entries by scope, then by key id: every attribute of every span passes here, so no hashing of the key.</summary>
    private readonly Entry?[][] _entries = new Entry?[(int)AttributeScope.Link + 1][];
    private int _entryCount;

    /// <param name="stringId">The value's dictionary id when it is a dictionary string, else -1.</param>
    public void Add(AttributeScope scope, int keyId, in AnyValueRow value, int stringId)
    {
        ref var byKey = ref _entries[(int)scope];
        byKey ??= new Entry?[Math.Max(16, keyId + 1)];
        if (keyId >= byKey.Length) Array.Resize(ref byKey, Math.Max(byKey.Length * 2, keyId + 1));
        var e = byKey[keyId];
        if (e is null)
        {
            e = new Entry();
            byKey[keyId] = e;
            _entryCount++;
        }
        switch (value.Kind)
        {
            case ValueKind.String when stringId >= 0:
                e.Strings.Add(stringId);
                break;
            case ValueKind.String:
                e.Flags |= EntryFlags.LongStrings;
                break;
            case ValueKind.Int or ValueKind.Bool or ValueKind.Double:
                if ((e.Flags & EntryFlags.ScalarOverflow) != 0) break;
                e.Scalars.Add((value.Kind, value.Scalar));
                if (e.Scalars.Count > BlockFormat.MaxScalarValuesPerKey)
                {
                    e.Flags |= EntryFlags.ScalarOverflow;
                    e.Scalars.Clear();
                }
                break;
            case ValueKind.Empty:
                break;
            default:
                e.Flags |= EntryFlags.OtherKinds;
                break;
        }
    }

    /// <summary>Entry count; per entry scope, key id, flags, ascending string ids, then (kind, value) scalars.</summary>
    public void WriteTo(ByteBuffer b)
    {
        b.WriteVarUInt((ulong)_entryCount);
        for (var scope = (AttributeScope)0; (int)scope < _entries.Length; scope++)
        {
            var byKey = _entries[(int)scope];
            if (byKey is null) continue;
            for (var key = 0; key < byKey.Length; key++)
            {
                if (byKey[key] is { } e) WriteEntry(b, scope, key, e);
            }
        }
    }

    private static void WriteEntry(ByteBuffer b, AttributeScope scope, int key, Entry e)
    {
        b.WriteByte((byte)scope);
        b.WriteVarUInt((ulong)key);
        b.WriteByte((byte)e.Flags);
        var ids = e.Strings.ToArray();
        Array.Sort(ids);
        PageInfo.WriteAscending(b, ids);
        b.WriteVarUInt((ulong)e.Scalars.Count);
        foreach (var (kind, scalar) in e.Scalars.OrderBy(x => x.Item1).ThenBy(x => x.Item2))
        {
            b.WriteByte((byte)kind);
            b.WriteVarInt(scalar);
        }
    }
}
